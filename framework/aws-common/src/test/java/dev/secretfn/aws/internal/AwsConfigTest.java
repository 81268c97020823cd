package dev.secretfn.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.aws.AwsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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

  @Test
  void regionOf_keyArn_isTheArnsRegionWhateverAwsRegionSays() {
    AwsConfig config = config(AwsSettings.defaults(), Environment.of(Map.of("AWS_REGION", "us-east-1")));

    assertThat(config.regionOf(Optional.of("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")))
        .isEqualTo("eu-west-1");
    assertThat(config.regionOf(Optional.of("arn:aws-cn:kms:cn-north-1:111122223333:alias/db"))).isEqualTo("cn-north-1");
  }

  @Test
  void regionOf_keyArnWithoutAwsRegion_needsNoAwsRegion() {
    AwsConfig config = config(AwsSettings.defaults(), Environment.of(Map.of()));

    assertThat(config.regionOf(Optional.of("arn:aws:kms:ap-southeast-2:111122223333:key/k"))).isEqualTo("ap-southeast-2");
  }

  @Test
  void regionOf_keyIdAliasOrNothing_isAwsRegion() {
    AwsConfig config = config(AwsSettings.defaults(), Environment.of(Map.of("AWS_REGION", "eu-central-1")));

    assertThat(config.regionOf(Optional.of("1234abcd-12ab-34cd-56ef-1234567890ab"))).isEqualTo("eu-central-1");
    assertThat(config.regionOf(Optional.of("alias/db"))).isEqualTo("eu-central-1");
    assertThat(config.regionOf(Optional.empty())).isEqualTo("eu-central-1");
  }

  @Test
  void regionOf_noArnAndNoAwsRegion_failsNamingTheVariable() {
    assertThatThrownBy(() -> config(AwsSettings.defaults(), Environment.of(Map.of())).regionOf(Optional.of("alias/db")))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("AWS_REGION is not set");
  }

  @Test
  void regionOf_malformedRegion_failsSayingWhereItCameFrom() {
    assertThatThrownBy(() -> config(AwsSettings.defaults(), Environment.of(Map.of("AWS_REGION", "evil.example/")))
        .regionOf(Optional.empty())).hasMessageStartingWith("AWS_REGION is not an AWS region name");
    assertThatThrownBy(() -> config(AwsSettings.defaults(), Environment.of(Map.of()))
        .regionOf(Optional.of("arn:aws:kms:EU:1:key/k"))).hasMessageStartingWith("the region of the ARN is not");
  }

  private static AwsConfig config(AwsSettings settings, Environment environment) {
    return new AwsConfig(settings, environment, Duration.ofSeconds(8));
  }
}
