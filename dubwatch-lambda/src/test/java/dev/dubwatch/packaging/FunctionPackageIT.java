package dev.dubwatch.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.testkit.RepositoryRoot;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The function packages as sam build ships them (dubwatch-lambda/Makefile copies
 * target/status-function for the status check, target/function for the others): the handlers the
 * template names, compiled for java21, and nothing the functions do not use.
 */
class FunctionPackageIT {

  private static final Path PACKAGE =
      RepositoryRoot.resolve("dubwatch-lambda", "target", "function");
  private static final Path STATUS_PACKAGE =
      RepositoryRoot.resolve("dubwatch-lambda", "target", "status-function");
  private static final String STATUS_HANDLER = "dev.dubwatch.status.StatusCheckHandler";
  private static final Path TEMPLATE = RepositoryRoot.resolve("template.yaml");
  private static final Path SBOM = RepositoryRoot.resolve("dubwatch-lambda", "target", "sbom.json");
  private static final Pattern HANDLER =
      Pattern.compile("^\\s+Handler:\\s*['\"]?([A-Za-z0-9_.$]+)::[A-Za-z0-9_]+", Pattern.MULTILINE);
  private static final int JAVA_21_CLASS_FILE = 65;
  private static final long MAX_PACKAGE_BYTES =
      10L * 1024 * 1024; // 10 MiB, as du and sam build report sizes

  /** Test-scope artifacts and the CLI's own AWS clients: none of them belongs in a function. */
  private static final Pattern FORBIDDEN_JAR =
      Pattern.compile(
          "^(dubwatch-cli|dubwatch-testkit|junit-.*|opentest4j|apiguardian-api|assertj-core"
              + "|wiremock.*|testcontainers.*|docker-java.*|sns|eventbridge|cloudformation|sqs|iam"
              + "|lambda)-\\d.*\\.jar$");

  @Test
  void holdsEveryHandlerTheTemplateNamesCompiledForJava21() throws IOException {
    // Given the handlers template.yaml names
    Matcher m = HANDLER.matcher(Files.readString(TEMPLATE));
    List<String> handlers = m.results().map(r -> r.group(1)).distinct().toList();
    assertThat(handlers).as("handlers in template.yaml").hasSize(3);

    for (String handler : handlers) {
      // When its class file is read from its function's package
      Path pkg = handler.equals(STATUS_HANDLER) ? STATUS_PACKAGE : PACKAGE;
      Path classFile = pkg.resolve(handler.replace('.', '/') + ".class");
      assertThat(classFile).as("class of " + handler + " in the package").isRegularFile();

      // Then it runs on Lambda's java21
      assertThat(classFileMajor(classFile))
          .as(handler + " class-file version")
          .isLessThanOrEqualTo(JAVA_21_CLASS_FILE);
    }
  }

  @Test
  void holdsNoCliClassNoTestJarAndNoClientTheFunctionsDoNotUse() throws IOException {
    for (Path pkg : List.of(PACKAGE, STATUS_PACKAGE)) {
      holdsNoCliClassNoTestJarAndNoClientTheFunctionsDoNotUse(pkg);
    }
  }

  @Test
  void theStatusPackageHoldsTheStatusCheckAloneAndItsClassList() throws IOException {
    // Given the status function's own package
    List<String> names = entries(STATUS_PACKAGE);

    // Then it holds the status handler, its recorded class list, and nothing only the other
    // functions use: no other handler, no Step Functions client, no SQS event types
    assertThat(names)
        .contains(
            STATUS_HANDLER.replace('.', '/') + ".class", "dev/dubwatch/status/classesloaded.txt");
    assertThat(names)
        .noneMatch(
            n -> n.startsWith("dev/dubwatch/outcome/") || n.startsWith("dev/dubwatch/intake/"))
        .noneMatch(n -> n.matches("lib/(sfn|aws-lambda-java-events|joda-time)-\\d.*\\.jar"));
  }

  private static List<String> entries(Path pkg) throws IOException {
    try (Stream<Path> walk = Files.walk(pkg)) {
      return walk.filter(Files::isRegularFile).map(p -> pkg.relativize(p).toString()).toList();
    }
  }

  private static void holdsNoCliClassNoTestJarAndNoClientTheFunctionsDoNotUse(Path pkg)
      throws IOException {
    // Given every file in the package
    List<String> names = entries(pkg);

    // Then no CLI or testkit class, no forbidden jar
    assertThat(names).as("package entries").isNotEmpty();
    assertThat(names).noneMatch(n -> n.startsWith("dev/dubwatch/cli/"));
    assertThat(names).noneMatch(n -> n.startsWith("dev/dubwatch/testkit/"));
    assertThat(names)
        .filteredOn(n -> n.startsWith("lib/"))
        .noneMatch(n -> FORBIDDEN_JAR.matcher(n.substring("lib/".length())).matches());
  }

  @Test
  void theSbomListsExactlyTheShippedJarsAndIsNotShipped() throws IOException {
    // Given the SBOM the build wrote beside the package
    assertThat(SBOM).as("CycloneDX SBOM written at package").isRegularFile();
    JsonNode bom = new ObjectMapper().readTree(SBOM.toFile());
    assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(bom.path("metadata").path("component").path("name").asText())
        .isEqualTo("dubwatch-lambda");
    Set<String> listed = new HashSet<>();
    bom.path("components")
        .forEach(c -> listed.add(c.path("name").asText() + "-" + c.path("version").asText()));

    // When the package's jars are listed
    List<String> jars;
    try (Stream<Path> lib = Files.list(PACKAGE.resolve("lib"))) {
      jars = lib.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList();
    }

    // Then the SBOM's components are exactly the shipped jars (name-version.jar), and the SBOM
    // itself is not shipped
    assertThat(jars).isNotEmpty();
    assertThat(listed)
        .as("SBOM components vs. function/lib")
        .containsExactlyInAnyOrderElementsOf(
            jars.stream().map(j -> j.substring(0, j.length() - ".jar".length())).toList());
    try (Stream<Path> walk = Files.walk(PACKAGE)) {
      assertThat(walk.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("sbom") || n.contains("bom.json") || n.contains("bom.xml"));
    }
  }

  @Test
  void staysWithinTenMegabytes() throws IOException {
    for (Path pkg : List.of(PACKAGE, STATUS_PACKAGE)) {
      staysWithinTenMegabytes(pkg);
    }
  }

  private static void staysWithinTenMegabytes(Path pkg) throws IOException {
    long bytes;
    try (Stream<Path> walk = Files.walk(pkg)) {
      bytes =
          walk.filter(Files::isRegularFile)
              .mapToLong(
                  p -> {
                    try {
                      return Files.size(p);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .sum();
    }
    assertThat(bytes).as(pkg + " bytes").isLessThanOrEqualTo(MAX_PACKAGE_BYTES);
  }

  private static int classFileMajor(Path classFile) throws IOException {
    try (InputStream in = Files.newInputStream(classFile);
        DataInputStream data = new DataInputStream(in)) {
      data.readInt(); // 0xCAFEBABE
      data.readUnsignedShort(); // minor
      return data.readUnsignedShort();
    }
  }
}
