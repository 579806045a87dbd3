package dev.dubwatch.cli.dub;

import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.cli.aws.LazyAwsClients;
import dev.dubwatch.cli.camb.CambOptions;
import dev.dubwatch.cli.console.Console;
import dev.dubwatch.cli.console.ExitCodes;
import dev.dubwatch.cli.console.Quote;
import dev.dubwatch.cli.console.UsageException;
import dev.dubwatch.cli.options.HelpOption;
import dev.dubwatch.cli.options.PollOptions;
import dev.dubwatch.cli.watch.OutcomeReport;
import dev.dubwatch.cli.watch.Sleeper;
import dev.dubwatch.cli.watch.WatchCommand;
import dev.dubwatch.cli.watch.WatchInterruptedException;
import dev.dubwatch.cli.watch.WatchProgress;
import dev.dubwatch.cli.watch.Watcher;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.dub.DubOutcome;
import dev.dubwatch.dub.DubRequest;
import dev.dubwatch.dub.DubSubmitter;
import dev.dubwatch.dub.InvalidDubRequestException;
import dev.dubwatch.language.Language;
import dev.dubwatch.language.UnknownLanguageException;
import dev.dubwatch.outcome.WatchOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dubwatch dub <source_url> --from <lang> --to <lang>[,<lang>...]}: submits the dub to
 * Camb.ai exactly once with core's {@link DubSubmitter}, watches it with the same loop as {@code
 * watch}, and prints the dub outcome object last.
 */
@Command(
    name = "dub",
    header = "Submits a dub once, watches it, prints the dub outcome.",
    abbreviateSynopsis = true,
    sortOptions = false,
    description = {
      "Creates a dub of <source_url> in Camb.ai (POST /dub), then polls it as `watch` does,"
          + " showing progress on stderr, and prints the dub outcome object on stdout: outcome,"
          + " task_id, the request as understood (languages as tags and ids) and the watch's"
          + " outcome.",
      "",
      "The request is sent exactly once: again only when it certainly never reached Camb.ai"
          + " (connection refused, unknown host, TLS failure, 429 within 30 s of Retry-After)."
          + " After an ambiguous failure (no answer in time, a reset, a 5xx) the outcome is"
          + " SUBMIT_UNCERTAIN (exit 5) with studio_check: what to look for in Camb.ai's studio"
          + " before running again. A request Camb.ai refuses is SUBMIT_REJECTED (exit 6) with"
          + " its detail. Languages are tags as Camb.ai's SDK names them (`dubwatch languages`)"
          + " or ids; an unknown one is refused before any call, naming the closest tags."
    },
    footerHeading = "%nEnvironment:%n",
    footer = CambOptions.ENVIRONMENT + "%n" + PollOptions.ENVIRONMENT)
public final class DubCommand implements Callable<Integer> {

  private static final Pattern ID = Pattern.compile("\\d{1,9}");

  @Parameters(
      index = "0",
      paramLabel = "<source_url>",
      description = "the media, an https:// link Camb.ai can fetch without signing in")
  String sourceUrl;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "LANG",
      description = "the source language: a tag (en-US) or a Camb.ai id (1)")
  String from;

  @Option(
      names = "--to",
      required = true,
      split = ",",
      paramLabel = "LANG",
      description = "the target languages, comma-separated: es-ES,fr-FR or 54,76")
  List<String> to;

  @Option(
      names = "--project-name",
      paramLabel = "NAME",
      description = "the project name in Camb.ai's studio (default: dubwatch <key>)")
  String projectName;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description =
          "names this dub (letters, digits, '-', '_'; default: SHA-256 of source, languages and"
              + " project name)")
  String idempotencyKey;

  @Mixin PollOptions poll;
  @Mixin CambOptions camb;
  @Mixin HelpOption help;

  private final Console console;
  private final LazyAwsClients aws;
  private final Sleeper sleeper;

  public DubCommand(Console console, LazyAwsClients aws) {
    this(console, aws, Sleeper.THREAD);
  }

  DubCommand(Console console, LazyAwsClients aws, Sleeper sleeper) {
    this.console = console;
    this.aws = aws;
    this.sleeper = sleeper;
  }

  @Override
  public Integer call() throws InterruptedException {
    DubRequest request = request();
    DubwatchConfig config = camb.config(console.env());
    poll.settings(config.pollDefaults());
    ApiKeySource keys = camb.keySource(console.env(), config, aws);
    try (var engine = CambOptions.engine(config, keys, console.clock())) {
      DubSubmitter submitter = engine.dubSubmitter(sleeper::sleep);
      console
          .err()
          .println(
              "submitting the dub to Camb.ai: project \""
                  + request.cambProjectName()
                  + "\", "
                  + request.sourceLanguage().tag()
                  + " -> "
                  + String.join(
                      ", ", request.targetLanguages().stream().map(Language::tag).toList()));
      Instant attemptedAt = console.clock().instant();
      DubSubmitter.Submission submission;
      try {
        submission = submitter.submit(request);
      } catch (RuntimeException e) {
        DubOutcome outcome =
            DubOutcome.notSubmitted(request, e, attemptedAt, console.clock().instant());
        return print(outcome);
      }
      String task = submission.taskId().value();
      console
          .err()
          .println(
              "Camb.ai created task "
                  + task
                  + (submission.attempts() > 1 ? " (attempt " + submission.attempts() + ")" : "")
                  + "; watching it");
      var progress =
          new WatchProgress(console.err(), console.stderrIsTerminal(), console.clock(), sleeper);
      WatchOutcome watch;
      try {
        watch =
            Watcher.of(engine, config, console.clock(), progress)
                .watch(submission.taskId(), poll.overrides());
      } catch (WatchInterruptedException e) {
        console.err().println(WatchCommand.lastKnown(submission.taskId(), e.lastCheck()));
        throw e;
      }
      DubOutcome outcome =
          DubOutcome.watched(request, submission, watch, console.clock().instant());
      OutcomeReport.adviseOn(console, watch.cambStatus(), watch.exceptionReason());
      return print(outcome);
    }
  }

  /** The outcome on stdout (last), its error on stderr; the exit code of its ending. */
  private int print(DubOutcome outcome) {
    if (outcome.error() != null) {
      console.err().println(outcome.error() + ": " + Quote.of(outcome.message()));
    }
    console.printJson(outcome);
    if (Thread.currentThread().isInterrupted()) {
      return ExitCodes.INTERRUPTED;
    }
    return ExitCodes.of(outcome.outcome());
  }

  /**
   * The request the options describe, checked by core's rules before anything is sent.
   *
   * @throws UsageException naming the option at fault
   */
  private DubRequest request() {
    Language source = language(from, "--from");
    List<Language> targets = new ArrayList<>();
    for (String target : to) {
      targets.add(language(target, "--to"));
    }
    try {
      DubRequest request =
          new DubRequest(sourceUrl, source, targets, projectName, idempotencyKey, null, null);
      if (request.sourceIsS3()) {
        throw new UsageException(
            "<source_url> is an s3:// object, which Camb.ai cannot fetch: pass an https:// link"
                + " (e.g. a presigned URL)");
      }
      return request;
    } catch (InvalidDubRequestException e) {
      throw new UsageException(
          e.getMessage()
              .replace("source_url", "<source_url>")
              .replace("target_languages", "--to")
              .replace("project_name", "--project-name")
              .replace("idempotency_key", "--idempotency-key"));
    }
  }

  private static Language language(String value, String option) {
    try {
      String text = value.strip();
      return ID.matcher(text).matches()
          ? Language.fromId(Long.parseLong(text))
          : Language.fromTag(text);
    } catch (UnknownLanguageException e) {
      throw new UsageException(
          option + ": " + e.getMessage() + " (`dubwatch languages` lists all)");
    }
  }
}
