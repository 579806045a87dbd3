package dev.dubwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The shared mapper's contract settings and the AWS client wiring. */
class RuntimeWiringTest {

  record Sample(@JsonProperty("a") String a, @JsonProperty("b") Integer b) {}

  @Test
  void theMapperIgnoresUnknownFieldsAndWritesNullsCompactly() throws Exception {
    ObjectMapper json = Json.mapper();

    assertThat(json.readValue("{\"a\":\"x\",\"unknown\":[1]}", Sample.class))
        .isEqualTo(new Sample("x", null));
    assertThat(json.writeValueAsString(new Sample("x", null)))
        .isEqualTo("{\"a\":\"x\",\"b\":null}");
    assertThat(json.writeValueAsString(new Object())).isEqualTo("{}");
    assertThat(Json.mapper()).as("a new mapper each time").isNotSameAs(json);
  }

  @Test
  void theSilentLogDiscardsEverything() {
    LogSink none = LogSink.none();

    none.log(System.Logger.Level.ERROR, "dropped");
    assertThat(none).isNotNull();
  }

  @Test
  void aWorkstationUsesTheDefaultRegionChainAndTheCallTimeouts() {
    String before = System.getProperty("aws.region");
    System.setProperty("aws.region", "eu-west-3");
    try {
      AwsClients clients = AwsClients.forWorkstation();
      try (SecretsManagerClient sm = clients.secretsManager()) {
        var config = sm.serviceClientConfiguration();
        assertThat(config.region()).isEqualTo(Region.EU_WEST_3);
        assertThat(config.overrideConfiguration().apiCallTimeout())
            .contains(AwsClients.API_CALL_TIMEOUT);
        assertThat(config.overrideConfiguration().apiCallAttemptTimeout())
            .contains(AwsClients.API_CALL_ATTEMPT_TIMEOUT);
      }
    } finally {
      if (before == null) {
        System.clearProperty("aws.region");
      } else {
        System.setProperty("aws.region", before);
      }
    }
  }

  @Test
  void insideLambdaTheRegionMustBeSet() {
    assumeTrue(System.getenv("AWS_REGION") == null, "AWS_REGION is set in this environment");

    assertThatThrownBy(AwsClients::forLambda)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("AWS_REGION is not set");
  }
}
