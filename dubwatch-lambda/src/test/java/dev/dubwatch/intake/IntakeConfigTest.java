package dev.dubwatch.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dubwatch.config.InvalidConfigurationException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntakeConfigTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:states:eu-west-1:123456789012:stateMachine:dubwatch-watch",
        "arn:aws:states:us-east-1:000000000000:stateMachine:DubwatchWatch_1",
        "arn:aws-cn:states:cn-north-1:123456789012:stateMachine:w",
        "arn:aws:states:eu-west-1:123456789012:stateMachine:dubwatch-watch:live",
      })
  void stateMachineArnsAreAccepted(String arn) {
    assertThat(IntakeConfig.from(Map.of(IntakeConfig.STATE_MACHINE_ARN, " " + arn + " ")))
        .isEqualTo(new IntakeConfig(arn));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "dubwatch-watch",
        "arn:aws:states:eu-west-1:123456789012:execution:dubwatch-watch:t-1",
        "arn:aws:lambda:eu-west-1:123456789012:function:dubwatch",
        "arn:aws:states:eu-west-1:12345:stateMachine:dubwatch-watch",
      })
  void otherValuesAreRejectedNamingTheVariable(String value) {
    assertThatThrownBy(() -> IntakeConfig.from(Map.of(IntakeConfig.STATE_MACHINE_ARN, value)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith(IntakeConfig.STATE_MACHINE_ARN);
  }

  @org.junit.jupiter.api.Test
  void aMissingArnIsRejected() {
    assertThatThrownBy(() -> IntakeConfig.from(Map.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(
            IntakeConfig.STATE_MACHINE_ARN + " is required (the watch state machine's ARN)");
  }
}
