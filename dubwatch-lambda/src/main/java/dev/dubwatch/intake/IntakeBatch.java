package dev.dubwatch.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.text.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * Processes one SQS batch message by message: each either starts (or joins) its task's watch or is
 * reported as failed on its own, so one bad message never fails the others.
 */
public final class IntakeBatch {

  /** Longest excerpt of a malformed body written to the log. */
  static final int BODY_EXCERPT_CHARS = 120;

  /** One queue message: its id (for the partial batch response) and body. */
  public record Message(String messageId, String body) {}

  private final IntakeStarter starter;
  private final ObjectMapper json;

  public IntakeBatch(IntakeStarter starter, ObjectMapper json) {
    this.starter = starter;
    this.json = json;
  }

  /** Handles every message and returns the ids of those SQS should deliver again. */
  public List<String> process(List<Message> messages, LogSink log) {
    List<String> failed = new ArrayList<>();
    for (Message message : messages) {
      if (!processOne(message, log) && message.messageId() != null) {
        failed.add(message.messageId());
      }
    }
    return failed;
  }

  private boolean processOne(Message message, LogSink log) {
    ObjectNode line = json.createObjectNode();
    line.put("event", "intake");
    line.put("message_id", message.messageId());
    IntakeRequest request;
    try {
      request = IntakeRequest.fromBody(message.body(), json);
    } catch (InvalidIntakeMessageException e) {
      line.put("result", "malformed").put("error", e.getMessage());
      line.put("body_excerpt", excerpt(message.body()));
      log.log(System.Logger.Level.ERROR, line.toString());
      return false;
    }
    line.put("task_id", request.taskId().value());
    try {
      IntakeStarter.Result result = starter.start(request);
      line.put("execution_name", result.executionName());
      if (result.started() == IntakeStarter.Started.STARTED) {
        line.put("result", "started").put("execution_arn", result.executionArn());
      } else {
        line.put("result", "already_exists");
      }
      log.log(System.Logger.Level.INFO, line.toString());
      return true;
    } catch (WatchStartFailedException e) {
      line.put("result", "start_failed").put("error", e.errorCode());
      log.log(System.Logger.Level.ERROR, line.toString());
      return false;
    }
  }

  /** A short, single-line quote of a body: control characters removed, length capped. */
  static String excerpt(String body) {
    if (body == null) {
      return "";
    }
    String head =
        body.length() > BODY_EXCERPT_CHARS * 2 ? body.substring(0, BODY_EXCERPT_CHARS * 2) : body;
    return Text.excerpt(head, BODY_EXCERPT_CHARS);
  }
}
