package dev.dubwatch.cli.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.runtime.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * What every command writes to and reads from: stdout (results only), stderr (progress and errors),
 * the environment, read once by {@link Main}, and the clock.
 *
 * @param out where results go: the JSON a script reads
 * @param err where progress, notes and errors go
 * @param env the process environment (tests pass their own)
 * @param clock the time source; its zone is the one "at HH:MM:SS" notes are shown in
 * @param stderrIsTerminal whether progress may be redrawn in place
 */
public record Console(
    PrintStream out,
    PrintStream err,
    Map<String, String> env,
    Clock clock,
    boolean stderrIsTerminal) {

  /** Set to 1 by the launcher when stderr is a terminal, so progress can be redrawn in place. */
  public static final String STDERR_TTY_ENV = "DUBWATCH_STDERR_TTY";

  private static final ObjectMapper JSON = Json.mapper();

  public Console {
    env = Map.copyOf(env);
  }

  /** A console whose terminal flag comes from {@link #STDERR_TTY_ENV}. */
  public static Console of(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
    return new Console(out, err, env, clock, "1".equals(env.get(STDERR_TTY_ENV)));
  }

  /** Prints a value as indented JSON on stdout. */
  public void printJson(Object value) {
    try {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON", e);
    }
  }
}
