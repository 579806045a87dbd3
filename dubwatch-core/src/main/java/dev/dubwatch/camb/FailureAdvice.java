package dev.dubwatch.camb;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a dub that Camb.ai ended without success asks of its owner, from Camb.ai's {@code
 * exception_reason} (grouped as Camb.ai's own reasons are) or, without one, its status.
 */
public enum FailureAdvice {
  SOURCE(
      "fix the source: Camb.ai could not use the media (format, codec, length, size, audio tracks,"
          + " download access, region or age limits, or its content). Fix or replace it, then"
          + " submit a new dub."),
  ACCOUNT(
      "the Camb.ai account: add credits, or give the key the permission it lacks, in Camb.ai's"
          + " studio; then submit the dub again."),
  CAMB(
      "a failure on Camb.ai's side: submitting the same dub again usually works; tell Camb.ai's"
          + " support if it repeats."),
  TIME_LIMIT(
      "Camb.ai's processing limit was exceeded: submit a shorter source (split it), or ask"
          + " Camb.ai's support about the limit."),
  UNKNOWN(
      "a reason dubwatch does not know yet: read the message; Camb.ai's support can explain it.");

  private static final Set<String> ACCOUNT_REASONS = Set.of("PAYMENT_REQUIRED", "FORBIDDEN");
  private static final Set<String> CAMB_REASONS =
      Set.of(
          "PROCESSING_ERROR",
          "INTERNAL_ERROR",
          "VOICE_CONVERSION_ERROR",
          "TOO_MANY_GDRIVE_REQUESTS");
  private static final Set<String> SOURCE_REASONS =
      Set.of("ERROR_DOWNLOADING_SOURCE", "MASTERING_OUT_OF_RANGE");
  private static final Set<String> SOURCE_PREFIXES =
      Set.of("SOURCE_", "INVALID_", "MISMATCHED_", "CONTENT_", "VIDEO_", "HARMFUL_");

  private final String text;

  FailureAdvice(String text) {
    this.text = text;
  }

  /** One sentence for the owner of the dub. */
  public String text() {
    return text;
  }

  /**
   * The advice for a dub Camb.ai ended with this status and reason; empty for a status that is no
   * failure and has no reason (SUCCESS, PENDING).
   */
  public static Optional<FailureAdvice> of(String cambStatus, String exceptionReason) {
    String reason = exceptionReason == null ? "" : exceptionReason.strip().toUpperCase(Locale.ROOT);
    if (!reason.isEmpty() && !reason.equals("NONE")) {
      return Optional.of(byReason(reason));
    }
    String status = cambStatus == null ? "" : cambStatus.strip().toUpperCase(Locale.ROOT);
    return switch (status) {
      case "PAYMENT_REQUIRED" -> Optional.of(ACCOUNT);
      case "TIMEOUT" -> Optional.of(TIME_LIMIT);
      case "ERROR" -> Optional.of(UNKNOWN);
      default -> Optional.empty();
    };
  }

  private static FailureAdvice byReason(String reason) {
    if (ACCOUNT_REASONS.contains(reason)) {
      return ACCOUNT;
    }
    if (CAMB_REASONS.contains(reason)) {
      return CAMB;
    }
    if (SOURCE_REASONS.contains(reason) || SOURCE_PREFIXES.stream().anyMatch(reason::startsWith)) {
      return SOURCE;
    }
    return UNKNOWN;
  }
}
