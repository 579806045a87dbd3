package dev.dubwatch.cli.fetch;

import dev.dubwatch.camb.CambClient;
import dev.dubwatch.cli.aws.LazyAwsClients;
import dev.dubwatch.cli.camb.CambOptions;
import dev.dubwatch.cli.console.Console;
import dev.dubwatch.cli.console.ExitCodes;
import dev.dubwatch.cli.console.LiveLine;
import dev.dubwatch.cli.options.HelpOption;
import dev.dubwatch.deliver.Delivery;
import dev.dubwatch.deliver.DeliveryOutcome;
import dev.dubwatch.deliver.DeliveryRequest;
import dev.dubwatch.deliver.FolderDestination;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dubwatch fetch <run_id> --out DIR}: the delivery alone, into a local folder. */
@Command(
    name = "fetch",
    header = "Download a finished dub's video, audio and transcripts into a folder.",
    abbreviateSynopsis = true,
    sortOptions = false,
    description = {
      "Reads the run's result from Camb.ai and writes DIR/<language>/video.<ext>, audio.<ext>,"
          + " transcript.json, transcript.srt and transcript.vtt, each with a <name>.sha256 beside"
          + " it (sha256sum format), as the delivery function lays them out in S3. Files already"
          + " there from an earlier fetch are not downloaded again. Prints the outcome JSON;"
          + " exit 0 when every file is there, 1 when some are not."
    },
    footerHeading = "%nEnvironment:%n",
    footer = CambOptions.ENVIRONMENT)
public final class FetchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<run_id>", description = "the finished dub's run id")
  long runId;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder")
  Path out;

  @Option(
      names = "--language",
      paramLabel = "TAG",
      description = "the language of a result that is not keyed by language (e.g. es)")
  String language;

  @Mixin CambOptions camb;
  @Mixin HelpOption help;

  private final Console console;
  private final LazyAwsClients aws;

  public FetchCommand(Console console, LazyAwsClients aws) {
    this.console = console;
    this.aws = aws;
  }

  @Override
  public Integer call() {
    var config = camb.config(console.env());
    var keys = camb.keySource(console.env(), config, aws);
    try (var engine = CambOptions.engine(config, keys, console.clock())) {
      DeliveryOutcome outcome =
          fetchInto(
              console,
              engine.camb(),
              new DeliveryRequest(null, runId, language),
              out,
              config.connectTimeout());
      console.printJson(outcome);
      return outcome.delivered() ? ExitCodes.OK : ExitCodes.DUB_NOT_DONE;
    }
  }

  /**
   * Delivers a finished run into {@code dir} with a progress line per file on stderr: what {@code
   * fetch} does, and what {@code dub ... --out DIR} calls once the dub has succeeded.
   */
  public static DeliveryOutcome fetchInto(
      Console console,
      CambClient camb,
      DeliveryRequest request,
      Path dir,
      java.time.Duration connectTimeout) {
    LiveLine line = new LiveLine(console.err(), console.stderrIsTerminal());
    try (Delivery delivery = new Delivery(camb, Delivery.mediaHttpClient(connectTimeout))) {
      return delivery.deliver(
          request,
          new FolderDestination(dir),
          new FetchProgress(line, console.clock()),
          event -> {
            // Resumes and refreshes are worth a line; per-file results are the progress line's.
            if (event.contains("resuming") || event.contains("fetching fresh links")) {
              line.show(event);
              line.finish();
            }
          });
    }
  }
}
