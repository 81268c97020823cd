package dev.secretfn.aws.secretsmanager.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.secretsmanager.SecretsManagerSecret;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the lean transport sends its calls: AwsEndpoints' rules with Secrets Manager's prefix and service id. */
class LeanSecretsManagerTransportTest {
  private static LeanSecretsManagerTransport create(Map<String, String> variables) {
    return LeanSecretsManagerTransport.create(
        new AwsConfig(AwsSettings.defaults(), Environment.of(variables), Duration.ofSeconds(8)));
  }

  @Test
  void endpoint_noOverride_isTheRegionalHostOfThePartition() throws Exception {
    assertThat(create(Map.of()).endpoint("eu-west-1"))
        .isEqualTo(URI.create("https://secretsmanager.eu-west-1.amazonaws.com/"));
    assertThat(create(Map.of()).endpoint("cn-north-1"))
        .isEqualTo(URI.create("https://secretsmanager.cn-north-1.amazonaws.com.cn/"));
    assertThat(create(Map.of()).endpoint("us-gov-west-1"))
        .isEqualTo(URI.create("https://secretsmanager.us-gov-west-1.amazonaws.com/"));
  }

  @Test
  void endpoint_fipsAndDualStack_followTheVariables() throws Exception {
    assertThat(create(Map.of("AWS_USE_FIPS_ENDPOINT", "true")).endpoint("us-east-2"))
        .isEqualTo(URI.create("https://secretsmanager-fips.us-east-2.amazonaws.com/"));
    // Secrets Manager's standard hosts are dual-stack in aws, aws-us-gov and (without FIPS) aws-cn
    assertThat(create(Map.of("AWS_USE_DUALSTACK_ENDPOINT", "true")).endpoint("us-east-2"))
        .isEqualTo(URI.create("https://secretsmanager.us-east-2.amazonaws.com/"));
    assertThat(create(Map.of("AWS_USE_DUALSTACK_ENDPOINT", "true", "AWS_USE_FIPS_ENDPOINT", "true"))
        .endpoint("us-gov-west-1")).isEqualTo(URI.create("https://secretsmanager-fips.us-gov-west-1.amazonaws.com/"));
    assertThat(create(Map.of("AWS_USE_DUALSTACK_ENDPOINT", "true")).endpoint("cn-north-1"))
        .isEqualTo(URI.create("https://secretsmanager.cn-north-1.amazonaws.com.cn/"));
    assertThat(create(Map.of("AWS_USE_DUALSTACK_ENDPOINT", "true", "AWS_USE_FIPS_ENDPOINT", "true"))
        .endpoint("cn-north-1"))
        .isEqualTo(URI.create("https://secretsmanager-fips.cn-north-1.api.amazonwebservices.com.cn/"));
    assertThat(create(Map.of("AWS_USE_DUALSTACK_ENDPOINT", "true")).endpoint("us-iso-east-1"))
        .isEqualTo(URI.create("https://secretsmanager.us-iso-east-1.api.aws.ic.gov/"));
  }

  @Test
  void endpoint_serviceVariable_winsOverTheGlobalOne_unlessIgnored() throws Exception {
    Map<String, String> both = Map.of("AWS_ENDPOINT_URL", "https://all.example.com",
        "AWS_ENDPOINT_URL_SECRETS_MANAGER", "https://vpce-1.secretsmanager.example.com/");
    assertThat(create(both).endpoint("eu-west-1"))
        .isEqualTo(URI.create("https://vpce-1.secretsmanager.example.com/"));
    assertThat(create(Map.of("AWS_ENDPOINT_URL", "https://all.example.com")).endpoint("eu-west-1"))
        .isEqualTo(URI.create("https://all.example.com/"));
    assertThat(create(Map.of("AWS_ENDPOINT_URL_SECRETS_MANAGER", "https://x.example.com",
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")).endpoint("eu-west-1"))
        .isEqualTo(URI.create("https://secretsmanager.eu-west-1.amazonaws.com/"));
  }

  @Test
  void body_escapesWhatJsonNeeds() {
    SecretsManagerSecret secret = new SecretsManagerSecret("db", java.util.Optional.empty(),
        java.util.Optional.of("a\"b\\c"), java.util.Optional.empty());

    assertThat(new String(LeanSecretsManagerTransport.body(secret), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"SecretId\":\"db\",\"VersionStage\":\"a\\\"b\\\\c\"}");
  }
}
