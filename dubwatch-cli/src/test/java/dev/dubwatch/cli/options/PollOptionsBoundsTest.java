package dev.dubwatch.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dubwatch.cli.console.UsageException;
import dev.dubwatch.input.PollBoundsCase;
import dev.dubwatch.policy.PollOverrides;
import dev.dubwatch.policy.PollSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The CLI's poll options accept and reject the watch input's {@link PollBoundsCase}s as the status
 * check, PrepareWatch and the intake do (core's PollBoundsTest), with the same message.
 */
class PollOptionsBoundsTest {

  @Command(name = "probe")
  static final class Probe {
    @Mixin PollOptions poll;
  }

  static List<PollBoundsCase> cases() {
    return PollBoundsCase.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theOptionsReadThemAsEveryOtherFace(PollBoundsCase c) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(arguments(c.poll()));

    if (c.rejection() == null) {
      assertThat(probe.poll.overrides()).isEqualTo(c.poll());
      assertThat(probe.poll.settings(PollSettings.DEFAULTS)).isNotNull();
    } else {
      assertThatThrownBy(() -> probe.poll.settings(PollSettings.DEFAULTS))
          .isInstanceOf(UsageException.class)
          .hasMessageStartingWith(c.rejection() + " (");
    }
  }

  private static String[] arguments(PollOverrides poll) {
    List<String> args = new ArrayList<>();
    if (poll.initialSeconds() != null) {
      args.addAll(List.of(PollOptions.INITIAL, poll.initialSeconds().toString()));
    }
    if (poll.maxSeconds() != null) {
      args.addAll(List.of(PollOptions.MAX, poll.maxSeconds().toString()));
    }
    if (poll.maxWatchSeconds() != null) {
      args.addAll(List.of(PollOptions.MAX_WATCH, poll.maxWatchSeconds().toString()));
    }
    return args.toArray(String[]::new);
  }
}
