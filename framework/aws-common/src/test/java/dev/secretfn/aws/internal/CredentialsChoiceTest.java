package dev.secretfn.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.aws.AwsSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Which credentials provider the clients get: the one the default chain would end up with, built cheaply. */
class CredentialsChoiceTest {
  private static final Map<String, String> LAMBDA = Map.of(
      "AWS_ACCESS_KEY_ID", "ASIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token");

  @Test
  void lambdaEnvironment_usesTheEnvironmentVariablesDirectly() {
    assertThat(AwsModule.credentials(LAMBDA::get, name -> null))
        .isInstanceOf(EnvironmentVariableCredentialsProvider.class);
  }

  @Test
  void snapStartOrContainer_noKeysInTheEnvironment_keepsTheDefaultChain() {
    Map<String, String> snapStart = Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/creds");
    assertThat(AwsModule.credentials(snapStart::get, name -> null))
        .isInstanceOf(DefaultCredentialsProvider.class);
  }

  @Test
  void onlyOneKey_keepsTheDefaultChain() {
    assertThat(AwsModule.credentials(Map.of("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE")::get, name -> null))
        .isInstanceOf(DefaultCredentialsProvider.class);
  }

  @Test
  void systemPropertiesSet_keepTheDefaultChain_whoseFirstProviderReadsThem() {
    Map<String, String> properties = Map.of("aws.accessKeyId", "AKIAPROPERTY");
    assertThat(AwsModule.credentials(LAMBDA::get, properties::get))
        .isInstanceOf(DefaultCredentialsProvider.class);
  }

  @Test
  void boundEnvironmentWithKeys_readsThemDirectly() {
    AwsConfig config = new AwsConfig(AwsSettings.defaults(), Environment.of(LAMBDA), Duration.ofSeconds(8));

    assertThat(AwsModule.credentials(config, false)).isInstanceOf(EnvironmentVariableCredentialsProvider.class);
  }

  @Test
  void emulator_getsFixedDummyCredentials() {
    AwsCredentialsProvider provider = AwsModule.credentials(
        new AwsConfig(AwsSettings.defaults(), Environment.of(LAMBDA), Duration.ofSeconds(8)), true);
    assertThat(provider).isInstanceOf(StaticCredentialsProvider.class);
    assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("secretfn-emulator");
  }
}
