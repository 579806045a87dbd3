package dev.dubwatch.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dubwatch.task.TaskId;
import org.junit.jupiter.api.Test;

class ExecutionNamesTest {

  @Test
  void anIdThatFitsIsTheNameItself() {
    assertThat(ExecutionNames.forTask(new TaskId("a1c3e5f7-0b2d-4f6a-8c9e-1d3f5a7b9c01")))
        .isEqualTo("a1c3e5f7-0b2d-4f6a-8c9e-1d3f5a7b9c01");
    String eighty = "a".repeat(80);
    assertThat(ExecutionNames.forTask(new TaskId(eighty))).isEqualTo(eighty);
  }

  @Test
  void aLongerIdIsShortenedDeterministicallyAndStaysDistinct() {
    String prefix = "p".repeat(100);
    TaskId one = new TaskId(prefix + "-one");
    TaskId two = new TaskId(prefix + "-two");

    String name = ExecutionNames.forTask(one);

    assertThat(name)
        .hasSize(ExecutionNames.MAX_LENGTH)
        .matches("p{63}-[0-9a-f]{16}")
        .isEqualTo(ExecutionNames.forTask(new TaskId(prefix + "-one")));
    assertThat(ExecutionNames.forTask(two)).hasSize(80).isNotEqualTo(name);
  }

  @Test
  void theLongestAllowedIdFits() {
    String name = ExecutionNames.forTask(new TaskId("x.y_z-".repeat(21) + "ab"));

    assertThat(name).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9._-]+");
  }

  @Test
  void anExecutionArnIsTheMachinesWithItsNameAppended() {
    assertThat(
            ExecutionNames.executionArn(
                "arn:aws:states:eu-west-1:123456789012:stateMachine:dubwatch-watch", "task-1"))
        .isEqualTo("arn:aws:states:eu-west-1:123456789012:execution:dubwatch-watch:task-1");
    assertThatThrownBy(
            () -> ExecutionNames.executionArn("arn:aws:sns:eu-west-1:123456789012:topic", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
