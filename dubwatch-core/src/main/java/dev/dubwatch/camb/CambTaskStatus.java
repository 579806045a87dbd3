package dev.dubwatch.camb;

/**
 * What Camb.ai said about one task.
 *
 * @param apiStatus the raw {@code status} string, never interpreted here
 * @param runId the run id, present on SUCCESS
 * @param exceptionReason Camb.ai's failure code, when given
 * @param message a human message, an object message as compact JSON, capped in length
 */
public record CambTaskStatus(
    String apiStatus, Long runId, String exceptionReason, String message) {}
