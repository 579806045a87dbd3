package dev.dubwatch.dub;

import dev.dubwatch.apikey.ApiKeyUnavailableException;
import dev.dubwatch.camb.CambAuthenticationException;
import dev.dubwatch.outcome.Outcome;

/**
 * How a dub ended, and the EventBridge detail-type that announces it: distinct from the watch's
 * ({@link Outcome#detailType()}), so that a rule can follow dubs without also matching the watches
 * they run.
 */
public enum DubEnding {
  /** Camb.ai reported SUCCESS. */
  SUCCEEDED("Dub Succeeded"),
  /** Camb.ai reported ERROR, TIMEOUT or PAYMENT_REQUIRED. */
  FAILED("Dub Failed"),
  /** The watch deadline passed while the dub was still running. */
  WATCH_TIMEOUT("Dub Watch Timed Out"),
  /** The watch failed (auth, unknown task, retries exhausted); the dub was created. */
  WATCH_ERROR("Dub Watch Error"),
  /** Camb.ai may or may not have created the dub; look in its studio before submitting again. */
  SUBMIT_UNCERTAIN("Dub Submission Uncertain"),
  /** The request was refused (by Camb.ai, HTTP 400/422, or before sending): nothing created. */
  SUBMIT_REJECTED("Dub Rejected"),
  /** The request never reached Camb.ai, or its key was refused: nothing created, safe to retry. */
  SUBMIT_FAILED("Dub Not Submitted"),
  /** Reserved for delivery: the dubbed files were delivered. */
  DELIVERED("Dub Delivered"),
  /** Reserved for delivery: the dub succeeded but its files could not be delivered. */
  DELIVERY_FAILED("Dub Delivery Failed");

  /** The EventBridge source of every dub event, the watch's own. */
  public static final String EVENT_SOURCE = Outcome.EVENT_SOURCE;

  private final String detailType;

  DubEnding(String detailType) {
    this.detailType = detailType;
  }

  /** The EventBridge detail-type of an event announcing this ending. */
  public String detailType() {
    return detailType;
  }

  /** The ending of a dub whose watch ended with {@code watch}. */
  public static DubEnding of(Outcome watch) {
    return switch (watch) {
      case SUCCEEDED -> SUCCEEDED;
      case FAILED -> FAILED;
      case WATCH_TIMEOUT -> WATCH_TIMEOUT;
      case WATCH_ERROR -> WATCH_ERROR;
    };
  }

  /**
   * The ending of a dub whose submission threw {@code failure}. Only failures known to come before
   * anything reached Camb.ai, or that Camb.ai answered without acting, are REJECTED or FAILED;
   * anything else (a bug included) may have created the dub, so it is UNCERTAIN.
   */
  public static DubEnding ofSubmitFailure(Throwable failure) {
    if (failure instanceof SubmitRejectedException
        || failure instanceof InvalidDubRequestException) {
      return SUBMIT_REJECTED;
    }
    if (failure instanceof DubNotSubmittedException
        || failure instanceof CambAuthenticationException
        || failure instanceof ApiKeyUnavailableException) {
      return SUBMIT_FAILED;
    }
    return SUBMIT_UNCERTAIN;
  }
}
