package dev.dubwatch.deliver;

/**
 * What to deliver.
 *
 * @param taskId the dub's task id, for the outcome (null when only the run is known: the CLI)
 * @param runId the finished dub's run id, whose {@code /dub-result} the delivery reads itself
 * @param language the tag for a single (not per-language) result, and the language Camb.ai's
 *     transcript endpoint is asked for then; null: {@code und}, and no SRT/VTT for it
 */
public record DeliveryRequest(String taskId, long runId, String language) {

  public DeliveryRequest {
    if (runId < 0) {
      throw new IllegalArgumentException("run_id must not be negative: " + runId);
    }
  }
}
