package dev.dubwatch.intake;

import dev.dubwatch.config.InvalidConfigurationException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the intake function reads from the environment, once per container. It needs no Camb.ai key,
 * so it does not read {@code DubwatchConfig}.
 *
 * @param stateMachineArn the watch state machine that each message starts
 */
public record IntakeConfig(String stateMachineArn) {

  public static final String STATE_MACHINE_ARN = "STATE_MACHINE_ARN";

  // Partition, region, 12-digit account (LocalStack uses 000000000000), state machine name.
  private static final Pattern ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}"
              + "(:[A-Za-z0-9_-]{1,80})?");

  public IntakeConfig {
    if (stateMachineArn == null || stateMachineArn.isBlank()) {
      throw new InvalidConfigurationException(
          STATE_MACHINE_ARN + " is required (the watch state machine's ARN)");
    }
    if (!ARN.matcher(stateMachineArn).matches()) {
      throw new InvalidConfigurationException(
          STATE_MACHINE_ARN
              + " must be a state machine ARN such as"
              + " arn:aws:states:eu-west-1:123456789012:stateMachine:dubwatch-watch");
    }
  }

  public static IntakeConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static IntakeConfig from(Map<String, String> env) {
    String arn = env.get(STATE_MACHINE_ARN);
    return new IntakeConfig(arn == null ? null : arn.trim());
  }
}
