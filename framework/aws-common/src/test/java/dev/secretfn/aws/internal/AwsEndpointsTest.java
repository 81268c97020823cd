package dev.secretfn.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each endpoint rule, in the SDK's order. */
class AwsEndpointsTest {
  private static final Optional<URI> EMULATOR = Optional.of(URI.create("http://127.0.0.1:4566"));

  private static Optional<AwsEndpoints.Explicit> override(Optional<URI> emulator, Map<String, String> variables) {
    return AwsEndpoints.override(emulator, "emulator setting", Environment.of(variables), "KMS");
  }

  private static URI regional(String region, Map<String, String> variables) {
    return AwsEndpoints.regional(Environment.of(variables), "kms", region);
  }

  @Test
  void override_emulatorSetting_winsOverAwsVariablesAndIsMarkedEmulator() {
    Optional<AwsEndpoints.Explicit> endpoint = override(EMULATOR, Map.of(
        "AWS_ENDPOINT_URL_KMS", "https://kms.example.com", "AWS_ENDPOINT_URL", "https://all.example.com"));

    assertThat(endpoint).get().satisfies(e -> {
      assertThat(e.uri()).isEqualTo(EMULATOR.get());
      assertThat(e.emulator()).isTrue();
    });
  }

  @Test
  void override_serviceVariable_winsOverTheGlobalOne() {
    Optional<AwsEndpoints.Explicit> endpoint = override(Optional.empty(), Map.of(
        "AWS_ENDPOINT_URL_KMS", "https://kms.example.com", "AWS_ENDPOINT_URL", "https://all.example.com"));

    assertThat(endpoint).get().satisfies(e -> {
      assertThat(e.uri()).isEqualTo(URI.create("https://kms.example.com"));
      assertThat(e.setting()).isEqualTo("AWS_ENDPOINT_URL_KMS");
      assertThat(e.emulator()).isFalse();
    });
  }

  @Test
  void override_globalVariable_whenNoServiceVariable() {
    assertThat(override(Optional.empty(), Map.of("AWS_ENDPOINT_URL", "https://all.example.com:8443/base/")))
        .get().satisfies(e -> {
          assertThat(e.uri()).isEqualTo(URI.create("https://all.example.com:8443/base"));
          assertThat(e.setting()).isEqualTo("AWS_ENDPOINT_URL");
        });
  }

  @Test
  void override_anotherServicesVariable_isIgnored() {
    assertThat(override(Optional.empty(), Map.of("AWS_ENDPOINT_URL_S3", "https://s3.example.com"))).isEmpty();
  }

  @Test
  void override_ignoreConfiguredEndpointUrls_skipsAwsVariablesButNotTheEmulator() {
    Map<String, String> variables = Map.of("AWS_ENDPOINT_URL_KMS", "https://kms.example.com",
        "AWS_ENDPOINT_URL", "https://all.example.com", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE");

    assertThat(override(Optional.empty(), variables)).isEmpty();
    assertThat(override(EMULATOR, variables)).get().extracting(AwsEndpoints.Explicit::uri).isEqualTo(EMULATOR.get());
  }

  @Test
  void override_ignoreConfiguredEndpointUrlsFalse_keepsThem() {
    assertThat(override(Optional.empty(), Map.of("AWS_ENDPOINT_URL", "https://all.example.com",
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"))).isPresent();
  }

  @Test
  void override_plainHttpOnLoopback_isAllowed() {
    assertThat(override(Optional.empty(), Map.of("AWS_ENDPOINT_URL", "http://localhost:4566")))
        .get().extracting(AwsEndpoints.Explicit::uri).isEqualTo(URI.create("http://localhost:4566"));
  }

  @Test
  void override_plainHttpToAnotherHost_isRefusedNamingTheVariable() {
    assertThatThrownBy(() -> override(Optional.empty(), Map.of("AWS_ENDPOINT_URL_KMS", "http://kms.example.com")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("AWS_ENDPOINT_URL_KMS names a plain http:// endpoint on kms.example.com");
  }

  @Test
  void override_notAnAbsoluteHttpsUrl_isRefusedNamingTheVariable() {
    for (String bad : new String[] {"kms.example.com", "ftp://kms.example.com", "https://kms.example.com/?a=b",
        "https://user:pw@kms.example.com", "https://kms.example.com/#f", "https://exa mple.com"}) {
      assertThatThrownBy(() -> override(Optional.empty(), Map.of("AWS_ENDPOINT_URL", bad)))
          .as(bad).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("AWS_ENDPOINT_URL ")
          .hasMessageNotContaining("pw");
    }
  }

  @ParameterizedTest
  @CsvSource({
      "us-east-1, https://kms.us-east-1.amazonaws.com",
      "eu-west-1, https://kms.eu-west-1.amazonaws.com",
      "us-gov-west-1, https://kms.us-gov-west-1.amazonaws.com",
      "cn-north-1, https://kms.cn-north-1.amazonaws.com.cn",
      "cn-northwest-1, https://kms.cn-northwest-1.amazonaws.com.cn",
      "us-iso-east-1, https://kms.us-iso-east-1.c2s.ic.gov",
      "us-isob-east-1, https://kms.us-isob-east-1.sc2s.sgov.gov",
      "eu-isoe-west-1, https://kms.eu-isoe-west-1.cloud.adc-e.uk",
      "us-isof-south-1, https://kms.us-isof-south-1.csp.hci.ic.gov",
      "eusc-de-east-1, https://kms.eusc-de-east-1.amazonaws.eu",
      "xx-future-1, https://kms.xx-future-1.amazonaws.com"})
  void regional_byPartition(String region, String expected) {
    assertThat(regional(region, Map.of())).isEqualTo(URI.create(expected));
  }

  @Test
  void regional_fips_prefixesTheService() {
    assertThat(regional("us-east-1", Map.of("AWS_USE_FIPS_ENDPOINT", "true")))
        .isEqualTo(URI.create("https://kms-fips.us-east-1.amazonaws.com"));
  }

  @Test
  void regional_dualStack_usesTheDualStackSuffix() {
    assertThat(regional("us-east-1", Map.of("AWS_USE_DUALSTACK_ENDPOINT", "True")))
        .isEqualTo(URI.create("https://kms.us-east-1.api.aws"));
    assertThat(regional("cn-north-1", Map.of("AWS_USE_DUALSTACK_ENDPOINT", "true")))
        .isEqualTo(URI.create("https://kms.cn-north-1.api.amazonwebservices.com.cn"));
  }

  @Test
  void regional_fipsAndDualStack_both() {
    assertThat(regional("eu-west-1", Map.of("AWS_USE_FIPS_ENDPOINT", "true", "AWS_USE_DUALSTACK_ENDPOINT", "true")))
        .isEqualTo(URI.create("https://kms-fips.eu-west-1.api.aws"));
  }

  @Test
  void regional_flagsFalse_areTheDefault() {
    assertThat(regional("eu-west-1", Map.of("AWS_USE_FIPS_ENDPOINT", "false", "AWS_USE_DUALSTACK_ENDPOINT", "FALSE")))
        .isEqualTo(URI.create("https://kms.eu-west-1.amazonaws.com"));
  }

  @Test
  void regional_flagNeitherTrueNorFalse_failsNamingTheVariable() {
    assertThatThrownBy(() -> regional("eu-west-1", Map.of("AWS_USE_FIPS_ENDPOINT", "yes")))
        .isInstanceOf(IllegalStateException.class).hasMessage("AWS_USE_FIPS_ENDPOINT must be true or false");
  }

  @Test
  void requireRegion_notAHostLabel_isRefusedWithoutQuotingIt() {
    for (String bad : new String[] {"evil.example.com/", "US-EAST-1", "", "eu_west_1", "-eu-west-1"}) {
      assertThatThrownBy(() -> AwsEndpoints.requireRegion(bad, "AWS_REGION")).as(bad)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("AWS_REGION is not an AWS region name such as eu-west-1");
    }
    assertThat(AwsEndpoints.requireRegion("ap-southeast-7", "AWS_REGION")).isEqualTo("ap-southeast-7");
  }
}
