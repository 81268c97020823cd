package dev.secretfn.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.aws.AwsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsConfigTest {
  @Test
  void endpoints_fromEnvironment_appliedUnlessSetInCode() {
    Environment env = Environment.of(Map.of(
        AwsSettings.KMS_EMULATOR_HOST, "127.0.0.1:1111", AwsSettings.S3_EMULATOR_HOST, "localhost:2222"));

    assertThat(config(AwsSettings.defaults(), env).kmsEndpoint()).contains(URI.create("http://127.0.0.1:1111"));
    assertThat(config(AwsSettings.defaults(), env).s3Endpoint()).contains(URI.create("http://localhost:2222"));
    assertThat(config(AwsSettings.builder().s3Endpoint(URI.create("http://127.0.0.1:3333")).build(), env)
        .s3Endpoint()).contains(URI.create("http://127.0.0.1:3333"));
    assertThat(config(AwsSettings.defaults(), Environment.of(Map.of())).kmsEndpoint()).isEmpty();
  }

  @Test
  void s3Endpoint_formerVariableName_stillReadForOneRelease() {
    Environment env = Environment.of(Map.of("SECRETFN_S3_EMULATOR_HOST", "127.0.0.1:2222"));

    assertThat(config(AwsSettings.defaults(), env).s3Endpoint()).contains(URI.create("http://127.0.0.1:2222"));
  }

  @Test
  void endpoints_remoteHostInEnvironment_isRejectedNamingTheVariable() {
    Environment env = Environment.of(Map.of(AwsSettings.S3_EMULATOR_HOST, "attacker.example:443"));

    assertThatThrownBy(() -> config(AwsSettings.defaults(), env).s3Endpoint())
        .hasMessageStartingWith(AwsSettings.S3_EMULATOR_HOST + " must be a loopback host:port");
  }

  @Test
  void region_unset_failsNamingTheVariable() {
    assertThatThrownBy(() -> config(AwsSettings.defaults(), Environment.of(Map.of())).region())
        .hasMessageStartingWith("AWS_REGION is not set");
  }

  private static AwsConfig config(AwsSettings settings, Environment environment) {
    return new AwsConfig(settings, environment, Duration.ofSeconds(8));
  }
}
