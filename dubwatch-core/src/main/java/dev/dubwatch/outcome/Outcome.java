package dev.dubwatch.outcome;

/** How a watch ended. */
public enum Outcome {
  /** Camb.ai reported SUCCESS. */
  SUCCEEDED,
  /** Camb.ai reported ERROR, TIMEOUT or PAYMENT_REQUIRED. */
  FAILED,
  /** The watch deadline passed while the task was still running. */
  WATCH_TIMEOUT,
  /** The watch itself failed: bad input, key, auth, unknown task, retries exhausted. */
  WATCH_ERROR
}
