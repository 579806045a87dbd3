package dev.dubwatch.deliver;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a delivery did: {@code DELIVERED} when every file is in place, else {@code DELIVERY_FAILED}
 * with what is in place ({@code files}) and what is not ({@code failed}). Only locations, sizes and
 * checksums: no link.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeliveryOutcome(
    String status,
    @JsonProperty("task_id") String taskId,
    @JsonProperty("run_id") long runId,
    List<DeliveredFile> files,
    List<FailedFile> failed) {

  public static final String DELIVERED = "DELIVERED";
  public static final String DELIVERY_FAILED = "DELIVERY_FAILED";

  public DeliveryOutcome {
    files = List.copyOf(files);
    failed = List.copyOf(failed);
  }

  static DeliveryOutcome of(
      String taskId, long runId, List<DeliveredFile> files, List<FailedFile> failed) {
    return new DeliveryOutcome(
        failed.isEmpty() ? DELIVERED : DELIVERY_FAILED, taskId, runId, files, failed);
  }

  public boolean delivered() {
    return DELIVERED.equals(status);
  }
}
