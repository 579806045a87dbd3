package dev.dubwatch.intake;

import dev.dubwatch.task.TaskId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The execution name of a task's watch: the task id itself, so an operator finds a watch by its
 * task and a duplicate start for the same task collides with the first.
 *
 * <p>A {@link TaskId} holds only letters, digits, '-', '_' and '.', all allowed in Step Functions
 * names; only its length (up to 128) can exceed the 80-character limit. A longer id keeps its first
 * 63 characters plus '-' and 16 hex digits of its SHA-256, still deterministic per task.
 */
public final class ExecutionNames {

  /** Step Functions' limit on execution names. */
  public static final int MAX_LENGTH = 80;

  private static final int HASH_HEX_CHARS = 16;

  private ExecutionNames() {}

  public static String forTask(TaskId taskId) {
    String id = taskId.value();
    if (id.length() <= MAX_LENGTH) {
      return id;
    }
    String hash = HexFormat.of().formatHex(sha256(id)).substring(0, HASH_HEX_CHARS);
    return id.substring(0, MAX_LENGTH - HASH_HEX_CHARS - 1) + "-" + hash;
  }

  /**
   * The ARN of the execution {@code name} of the state machine {@code stateMachineArn}: Step
   * Functions appends the name to the machine's ARN with the resource type {@code execution}, so an
   * execution known by name (one that already exists, a priming probe) needs no API call.
   */
  public static String executionArn(String stateMachineArn, String name) {
    if (!stateMachineArn.contains(STATE_MACHINE)) {
      throw new IllegalArgumentException("not a state machine ARN: " + stateMachineArn);
    }
    return stateMachineArn.replace(STATE_MACHINE, ":execution:") + ":" + name;
  }

  private static final String STATE_MACHINE = ":stateMachine:";

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }
}
