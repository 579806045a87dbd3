package dev.dubwatch.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.runtime.AwsClients;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.runtime.LambdaLog;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.runtime.SnapStart;
import java.util.List;
import org.crac.Resource;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Lambda entry point for the SQS intake queue; answers with a partial batch response. A typed
 * handler here (unlike the stream handlers): the runtime knows the aws-lambda-java-events types,
 * and neither type needs our Jackson annotations.
 */
public final class IntakeHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

  private final IntakeBatch batch;
  private final ObjectMapper json;
  private final SfnClient sfn;
  private final String stateMachineArn;

  /** Used by the Lambda runtime: reads STATE_MACHINE_ARN and builds the client once. */
  public IntakeHandler() {
    this(
        IntakeConfig.fromEnvironment(),
        AwsClients.forLambda().configure(SfnClient.builder()).build());
    SnapStart.register(this);
  }

  /** For tests: a client pointed wherever the test wants. */
  public IntakeHandler(IntakeConfig config, SfnClient sfn) {
    this.json = Json.mapper();
    this.sfn = sfn;
    this.stateMachineArn = config.stateMachineArn();
    this.batch = new IntakeBatch(new IntakeStarter(sfn, stateMachineArn, json), json);
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return handle(event, LambdaLog.of(context));
  }

  /** The whole invocation minus the Lambda context. */
  public SQSBatchResponse handle(SQSEvent event, LogSink log) {
    List<IntakeBatch.Message> messages =
        event == null || event.getRecords() == null
            ? List.of()
            : event.getRecords().stream()
                .map(m -> new IntakeBatch.Message(m.getMessageId(), m.getBody()))
                .toList();
    List<SQSBatchResponse.BatchItemFailure> failures =
        batch.process(messages, log).stream()
            .map(id -> new SQSBatchResponse.BatchItemFailure(id))
            .toList();
    return new SQSBatchResponse(failures);
  }

  /**
   * SnapStart priming: parses a sample message and makes one read-only Step Functions call for an
   * execution that does not exist; nothing is ever started from here.
   */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    IntakePriming.prime(json, sfn, stateMachineArn);
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {}
}
