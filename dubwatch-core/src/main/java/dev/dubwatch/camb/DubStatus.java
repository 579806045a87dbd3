package dev.dubwatch.camb;

import java.util.Locale;

/** The watcher's reading of Camb.ai's {@code status} string; anything unrecognised is UNKNOWN. */
public enum DubStatus {
  PENDING(false),
  SUCCESS(true),
  ERROR(true),
  TIMEOUT(true),
  PAYMENT_REQUIRED(true),
  /** A value Camb.ai may add one day: not terminal, so the watch goes on until its deadline. */
  UNKNOWN(false);

  private final boolean terminal;

  DubStatus(boolean terminal) {
    this.terminal = terminal;
  }

  public boolean terminal() {
    return terminal;
  }

  /** Maps a raw status, ignoring case and surrounding blanks. */
  public static DubStatus of(String apiStatus) {
    if (apiStatus == null) {
      return UNKNOWN;
    }
    return switch (apiStatus.trim().toUpperCase(Locale.ROOT)) {
      case "PENDING" -> PENDING;
      case "SUCCESS" -> SUCCESS;
      case "ERROR" -> ERROR;
      case "TIMEOUT" -> TIMEOUT;
      case "PAYMENT_REQUIRED" -> PAYMENT_REQUIRED;
      default -> UNKNOWN;
    };
  }
}
