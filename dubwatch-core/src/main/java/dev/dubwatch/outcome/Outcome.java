package dev.dubwatch.outcome;

/**
 * How a watch ended, and the EventBridge detail-type that announces it (the outcome function
 * returns it to the state machine: {@link OutcomeMessage}).
 */
public enum Outcome {
  /** Camb.ai reported SUCCESS. */
  SUCCEEDED("Dubbing Task Succeeded"),
  /** Camb.ai reported ERROR, TIMEOUT or PAYMENT_REQUIRED. */
  FAILED("Dubbing Task Failed"),
  /** The watch deadline passed while the task was still running. */
  WATCH_TIMEOUT("Dubbing Watch Timed Out"),
  /** The watch itself failed: bad input, key, auth, unknown task, retries exhausted. */
  WATCH_ERROR("Dubbing Watch Error");

  /** The EventBridge source of every outcome event. */
  public static final String EVENT_SOURCE = "dev.dubwatch";

  private final String detailType;

  Outcome(String detailType) {
    this.detailType = detailType;
  }

  /** The EventBridge detail-type of an event announcing this outcome. */
  public String detailType() {
    return detailType;
  }
}
