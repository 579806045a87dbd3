package dev.dubwatch.cli.languages;

import dev.dubwatch.cli.console.Console;
import dev.dubwatch.cli.console.ExitCodes;
import dev.dubwatch.cli.options.HelpOption;
import dev.dubwatch.language.Language;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dubwatch languages}: Camb.ai's languages, one "tag id" line each. */
@Command(
    name = "languages",
    header = "Lists Camb.ai's languages: tag and id.",
    description = {
      "Prints every language `dub` takes, one line each: its tag and Camb.ai's id, tab-separated,"
          + " in the order of Camb.ai's Python SDK (camb-sdk "
          + Language.SDK_VERSION
          + "), whose Languages enum they come from. Tags match in any case, with '-' or '_'."
    })
public final class LanguagesCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  private final Console console;

  public LanguagesCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    for (Language language : Language.all()) {
      console.out().println(language.tag() + "\t" + language.id());
    }
    return ExitCodes.OK;
  }
}
