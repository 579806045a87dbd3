package dev.dubwatch.cli.start;

import dev.dubwatch.cli.aws.LazyAwsClients;
import dev.dubwatch.cli.console.UsageException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;

/**
 * Finds the watch state machine: {@code --state-machine-arn}, else the stack output {@value
 * #STACK_OUTPUT} of {@code --stack}, else {@value #STATE_MACHINE_ENV}.
 */
final class StateMachineLocator {

  static final String STATE_MACHINE_ENV = "DUBWATCH_STATE_MACHINE_ARN";
  static final String ARN_OPTION = "--state-machine-arn";
  static final String STACK_OPTION = "--stack";
  static final String STACK_OUTPUT = "WatchStateMachineArn";

  private final LazyAwsClients aws;
  private final Map<String, String> env;

  StateMachineLocator(LazyAwsClients aws, Map<String, String> env) {
    this.aws = aws;
    this.env = env;
  }

  /**
   * The state machine's ARN.
   *
   * @throws UsageException when none or both options are given, or the stack has no such output
   */
  String locate(String arn, String stack) {
    if (arn != null && stack != null) {
      throw new UsageException("give either " + ARN_OPTION + " or " + STACK_OPTION + ", not both");
    }
    if (arn != null) {
      return notBlank(arn, ARN_OPTION);
    }
    if (stack != null) {
      return fromStack(notBlank(stack, STACK_OPTION));
    }
    String fromEnv = env.get(STATE_MACHINE_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    throw new UsageException(
        "no state machine: pass "
            + ARN_OPTION
            + " ARN, or "
            + STACK_OPTION
            + " NAME (reads its output "
            + STACK_OUTPUT
            + "), or set "
            + STATE_MACHINE_ENV);
  }

  private String fromStack(String stack) {
    List<Output> outputs;
    try {
      outputs =
          aws.cloudFormation().describeStacks(b -> b.stackName(stack)).stacks().get(0).outputs();
    } catch (CloudFormationException e) {
      throw new UsageException(
          "stack " + stack + " could not be read: " + e.awsErrorDetails().errorMessage());
    }
    return outputs.stream()
        .filter(o -> STACK_OUTPUT.equals(o.outputKey()))
        .map(Output::outputValue)
        .findFirst()
        .orElseThrow(
            () ->
                new UsageException(
                    "stack " + stack + " has no output " + STACK_OUTPUT + " (is it dubwatch's?)"));
  }

  private static String notBlank(String value, String option) {
    if (value.isBlank()) {
      throw new UsageException(option + " must not be blank");
    }
    return value.trim();
  }
}
