package dev.dubwatch.testkit.localstack;

import dev.dubwatch.testkit.RepositoryRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Deploys {@code template.yaml}, functions included, to this LocalStack through {@code
 * infra/localstack/deploy} (the script a user runs), creating the stack or updating it in place,
 * and returns the stack's outputs.
 */
public final class StackDeployer {

  private static final Path DEPLOY = RepositoryRoot.resolve("infra", "localstack", "deploy");
  private static final long DEPLOY_MINUTES = 10;

  private final LocalStackEnvironment localStack;

  public StackDeployer(LocalStackEnvironment localStack) {
    this.localStack = localStack;
  }

  /** What one run of the script printed: the outputs and its last line (the hint it leaves). */
  public record Deployment(Map<String, String> outputs, String lastLine) {
    public String output(String key) {
      String value = outputs.get(key);
      if (value == null) {
        throw new IllegalStateException("the stack has no output " + key + ": " + outputs.keySet());
      }
      return value;
    }
  }

  /**
   * Creates or updates {@code stack} with these parameter values; the script's log goes to this
   * JVM's stderr. Fails when the script fails or does not end within 10 minutes.
   */
  public Deployment deploy(String stack, Map<String, String> parameters)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(DEPLOY.toString());
    command.add("--endpoint");
    command.add(localStack.endpoint().toString());
    command.add("--stack");
    command.add(stack);
    parameters.forEach(
        (key, value) -> {
          command.add("--parameter");
          command.add(key + "=" + value);
        });
    Process deploy =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    deploy.getOutputStream().close();
    String stdout = new String(deploy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!deploy.waitFor(DEPLOY_MINUTES, TimeUnit.MINUTES)) {
      deploy.destroyForcibly();
      throw new IllegalStateException("deploy of " + stack + " did not end in 10 minutes");
    }
    if (deploy.exitValue() != 0) {
      throw new IllegalStateException(
          "deploy of " + stack + " exited " + deploy.exitValue() + " (its log is above)");
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    stdout
        .lines()
        .filter(l -> l.matches("[A-Za-z]+=.*"))
        .forEach(l -> outputs.put(l.split("=", 2)[0], l.split("=", 2)[1]));
    String lastLine = stdout.strip().lines().reduce((a, b) -> b).orElse("");
    return new Deployment(outputs, lastLine);
  }
}
