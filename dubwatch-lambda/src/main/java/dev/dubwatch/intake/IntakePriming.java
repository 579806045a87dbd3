package dev.dubwatch.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Loads and JIT-warms the classes an intake batch needs, for SnapStart's snapshot. */
final class IntakePriming {

  /** An execution name no watch uses (intake names are task ids). */
  static final String PRIMING_EXECUTION = "dubwatch-priming-does-not-exist";

  private IntakePriming() {}

  static void prime(ObjectMapper json, SfnClient sfn, String stateMachineArn) {
    IntakeRequest request =
        IntakeRequest.fromBody(
            "{\"detail-type\":\"Watch requested\",\"detail\":{\"task_id\":\"priming\","
                + "\"poll\":{\"initial_seconds\":5},\"started_at\":\"2026-01-01T00:00:00Z\"}}",
            json);
    request.executionInput(json);
    ExecutionNames.forTask(request.taskId());
    // DescribeExecution is read-only: AccessDenied or ExecutionDoesNotExist is the expected
    // answer, and the SDK's signing, HTTP and error-unmarshalling paths are loaded by it.
    String executionArn = ExecutionNames.executionArn(stateMachineArn, PRIMING_EXECUTION);
    try {
      sfn.describeExecution(b -> b.executionArn(executionArn));
    } catch (SdkException expected) {
      // As intended.
    }
  }
}
