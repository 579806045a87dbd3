package dev.dubwatch.testkit.localstack;

import dev.dubwatch.testkit.RepositoryRoot;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one LocalStack of this test JVM: {@code LOCALSTACK_ENDPOINT} when the build started one on
 * the host, else a Testcontainers LocalStack when Docker is usable, else a failure that says how to
 * get one (integration tests never skip for lack of LocalStack).
 */
public final class LocalStackEnvironment {

  public static final Region REGION = Region.US_EAST_1;
  public static final String ACCOUNT_ID = "000000000000";

  /** What the scripts under infra/localstack and these tests share (image, services, paths). */
  static final Path SHARED_SETTINGS =
      RepositoryRoot.resolve("infra", "localstack", "localstack.properties");

  private static final Properties SETTINGS = settings();

  public static final String DEFAULT_IMAGE = SETTINGS.getProperty("image");

  /**
   * Where LocalStack looks for the mock config when no SFN_MOCK_CONFIG is given; see
   * with-localstack.
   */
  static final Path DEFAULT_SFN_MOCK_CONFIG =
      RepositoryRoot.resolve(SETTINGS.getProperty("sfn_mock_config"));

  static final String NO_LOCALSTACK =
      "No LocalStack for the integration tests: LOCALSTACK_ENDPOINT is not set and Docker is not"
          + " usable. Run them through 'infra/localstack/with-localstack ./mvnw verify' (starts"
          + " LocalStack on the host, no Docker needed) or install Docker (Testcontainers then"
          + " starts "
          + DEFAULT_IMAGE
          + ", image overridable with LOCALSTACK_IMAGE).";

  // The container sees the mock-config folder (not the file) so that an atomic replace is visible.
  private static final String CONTAINER_MOCK_DIR = "/opt/dubwatch/sfn-mock";
  private static final String SERVICES = SETTINGS.getProperty("services");

  private static Properties settings() {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(SHARED_SETTINGS)) {
      p.load(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + SHARED_SETTINGS, e);
    }
    for (String key : new String[] {"image", "services", "sfn_mock_config"}) {
      if (p.getProperty(key, "").isBlank()) {
        throw new IllegalStateException(SHARED_SETTINGS + " lacks " + key);
      }
    }
    return p;
  }

  private static LocalStackEnvironment shared;

  private final URI endpoint;
  private final String origin;
  private final SfnMockConfig sfnMockConfig;
  private final AwsCredentialsProvider credentials =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  private final SfnClient sfn;
  private final SnsClient sns;
  private final SqsClient sqs;
  private final SecretsManagerClient secretsManager;
  private final EventBridgeClient eventBridge;
  private final IamClient iam;

  private LocalStackEnvironment(URI endpoint, String origin, Path sfnMockConfigFile) {
    this.endpoint = endpoint;
    this.origin = origin;
    this.sfnMockConfig = new SfnMockConfig(sfnMockConfigFile);
    // Each test JVM starts from no test cases, so cases of earlier runs cannot answer for this one.
    sfnMockConfig.clear();
    this.sfn = client(SfnClient.builder());
    this.sns = client(SnsClient.builder());
    this.sqs = client(SqsClient.builder());
    this.secretsManager = client(SecretsManagerClient.builder());
    this.eventBridge = client(EventBridgeClient.builder());
    // IAM is a global service: LocalStack accepts it on the same endpoint and region.
    this.iam = client(IamClient.builder());
  }

  /** The LocalStack for this JVM, found or started on first use and kept until the JVM exits. */
  public static synchronized LocalStackEnvironment get() {
    if (shared == null) {
      shared = create(System.getenv());
    }
    return shared;
  }

  static LocalStackEnvironment create(Map<String, String> env) {
    Path mockConfig =
        Path.of(env.getOrDefault("SFN_MOCK_CONFIG", DEFAULT_SFN_MOCK_CONFIG.toString()))
            .toAbsolutePath();
    String given = env.get("LOCALSTACK_ENDPOINT");
    if (given != null && !given.isBlank()) {
      return new LocalStackEnvironment(
          URI.create(given.strip()), "LOCALSTACK_ENDPOINT", mockConfig);
    }
    if (!dockerUsable()) {
      throw new IllegalStateException(NO_LOCALSTACK);
    }
    return startContainer(env, mockConfig);
  }

  private static boolean dockerUsable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static LocalStackEnvironment startContainer(Map<String, String> env, Path mockConfig) {
    String image = env.getOrDefault("LOCALSTACK_IMAGE", DEFAULT_IMAGE);
    try {
      Files.createDirectories(mockConfig.getParent());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot create " + mockConfig.getParent(), e);
    }
    @SuppressWarnings("resource") // Testcontainers' Ryuk removes it when the JVM exits.
    LocalStackContainer container =
        new LocalStackContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
            .withServices(SERVICES.split(","))
            .withFileSystemBind(
                mockConfig.getParent().toString(), CONTAINER_MOCK_DIR, BindMode.READ_ONLY)
            .withEnv("SFN_MOCK_CONFIG", CONTAINER_MOCK_DIR + "/" + mockConfig.getFileName());
    String token = env.get("LOCALSTACK_AUTH_TOKEN");
    if (token != null && !token.isBlank()) {
      container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }
    container.start();
    return new LocalStackEnvironment(
        container.getEndpoint(), "Testcontainers " + image, mockConfig);
  }

  /** Points any SDK v2 client builder at LocalStack with the project's single HTTP client. */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
    return builder
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Where the endpoint came from, for failure messages. */
  public String origin() {
    return origin;
  }

  public Region region() {
    return REGION;
  }

  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  public SfnMockConfig sfnMockConfig() {
    return sfnMockConfig;
  }

  public SfnClient sfn() {
    return sfn;
  }

  public SnsClient sns() {
    return sns;
  }

  public SqsClient sqs() {
    return sqs;
  }

  public SecretsManagerClient secretsManager() {
    return secretsManager;
  }

  public EventBridgeClient eventBridge() {
    return eventBridge;
  }

  public IamClient iam() {
    return iam;
  }

  /**
   * A new S3 client on LocalStack, path-style (LocalStack's host has no bucket subdomains). Built
   * on demand, so modules whose tests use no S3 need no S3 SDK on their classpath.
   */
  public software.amazon.awssdk.services.s3.S3Client s3() {
    return software.amazon.awssdk.services.s3.S3Client.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(credentials)
        .forcePathStyle(true)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }
}
