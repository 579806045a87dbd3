package dev.dubwatch.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Starts the watch of one task as a Step Functions execution named after the task.
 *
 * @param sfn the container's Step Functions client
 * @param stateMachineArn the watch it starts
 * @param json the mapper of the execution input
 */
public record IntakeStarter(SfnClient sfn, String stateMachineArn, ObjectMapper json) {

  /** How a start ended when it did not fail. */
  public enum Started {
    /** A new execution is running, or Step Functions recognised the identical running one. */
    STARTED,
    /** An execution of that name exists with other input or has finished: one watch per task. */
    ALREADY_EXISTS
  }

  /**
   * @param executionName the name used
   * @param executionArn the new execution's ARN, or null when it already existed
   */
  public record Result(Started started, String executionName, String executionArn) {}

  /**
   * Calls StartExecution once (the SDK's own retries apply inside).
   *
   * @throws WatchStartFailedException for every failure other than an existing execution
   */
  public Result start(IntakeRequest request) {
    String name = ExecutionNames.forTask(request.taskId());
    try {
      StartExecutionResponse response =
          sfn.startExecution(
              b ->
                  b.stateMachineArn(stateMachineArn)
                      .name(name)
                      .input(request.executionInput(json)));
      return new Result(Started.STARTED, name, response.executionArn());
    } catch (ExecutionAlreadyExistsException e) {
      return new Result(Started.ALREADY_EXISTS, name, null);
    } catch (SdkException e) {
      String code = errorCode(e);
      throw new WatchStartFailedException(
          "Step Functions did not start " + name + " (" + code + ")", code, e);
    }
  }

  private static String errorCode(SdkException e) {
    if (e instanceof SfnException sfn && sfn.awsErrorDetails() != null) {
      String code = sfn.awsErrorDetails().errorCode();
      if (code != null && !code.isBlank()) {
        return code + " HTTP " + sfn.statusCode();
      }
    }
    return e.getClass().getSimpleName();
  }
}
