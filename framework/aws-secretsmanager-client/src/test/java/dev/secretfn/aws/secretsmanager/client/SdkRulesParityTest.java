package dev.secretfn.aws.secretsmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretfn.Environment;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.secretsmanager.internal.SecretsManagerEndpoints;
import dev.secretfn.spi.SourceException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.endpoints.SecretsManagerEndpointParams;
import software.amazon.awssdk.services.secretsmanager.endpoints.SecretsManagerEndpointProvider;

/**
 * The lean transport's Secrets Manager endpoints ({@link SecretsManagerEndpoints}), checked against the SDK's (this
 * module's SDK): its endpoint rules for every region and FIPS/dual-stack setting, and where a {@link
 * SecretsManagerClient} actually sends under the endpoint variables. Secrets Manager's rules differ from KMS's in
 * dual-stack: its standard hosts are dual-stack in the aws and aws-us-gov partitions, and in aws-cn without FIPS.
 */
class SdkRulesParityTest {
  private static final SecretsManagerEndpointProvider RULES = SecretsManagerEndpointProvider.defaultProvider();

  @Test
  void regionalEndpoints_areTheSdksForEveryKnownRegionAndSetting() {
    List<String> regions = new ArrayList<>();
    Region.regions().stream().map(Region::id).filter(id -> !id.contains("fips") && !id.startsWith("aws-global")
        && !id.endsWith("-global")).forEach(regions::add);
    regions.addAll(List.of("xx-future-1", "us-isof-south-1", "eusc-de-east-1"));
    List<String> differences = new ArrayList<>();
    for (String region : regions) {
      for (boolean fips : new boolean[] {false, true}) {
        for (boolean dualStack : new boolean[] {false, true}) {
          URI expected = rules(region, fips, dualStack);
          URI lean = SecretsManagerEndpoints.regional(settings(fips, dualStack), region);
          if (!lean.equals(expected)) {
            differences.add(region + " fips=" + fips + " dualStack=" + dualStack + ": " + lean + " vs " + expected);
          }
        }
      }
    }
    assertThat(differences).as("lean vs SDK").isEmpty();
    assertThat(regions).hasSizeGreaterThan(30)
        .contains("us-east-1", "us-gov-west-1", "us-gov-east-1", "cn-north-1", "cn-northwest-1", "us-iso-east-1");
  }

  /** The cases the SDK's rules make special, spelled out: GovCloud and China, FIPS on and off. */
  @Test
  void govCloudAndChina_fipsOnAndOff() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("us-gov-west-1 false false", "https://secretsmanager.us-gov-west-1.amazonaws.com");
    expected.put("us-gov-west-1 true false", "https://secretsmanager-fips.us-gov-west-1.amazonaws.com");
    expected.put("us-gov-west-1 false true", "https://secretsmanager.us-gov-west-1.amazonaws.com");
    expected.put("us-gov-west-1 true true", "https://secretsmanager-fips.us-gov-west-1.amazonaws.com");
    expected.put("cn-north-1 false false", "https://secretsmanager.cn-north-1.amazonaws.com.cn");
    expected.put("cn-north-1 true false", "https://secretsmanager-fips.cn-north-1.amazonaws.com.cn");
    expected.put("cn-north-1 false true", "https://secretsmanager.cn-north-1.amazonaws.com.cn");
    expected.put("cn-north-1 true true", "https://secretsmanager-fips.cn-north-1.api.amazonwebservices.com.cn");
    expected.forEach((setting, host) -> {
      String[] s = setting.split(" ");
      boolean fips = Boolean.parseBoolean(s[1]);
      boolean dualStack = Boolean.parseBoolean(s[2]);
      assertThat(rules(s[0], fips, dualStack)).as("SDK, %s", setting).isEqualTo(URI.create(host));
      assertThat(SecretsManagerEndpoints.regional(settings(fips, dualStack), s[0])).as("lean, %s", setting)
          .isEqualTo(URI.create(host));
    });
  }

  /**
   * The endpoint variables, read by the lean transport from its environment and by the SDK's client from the
   * equivalent system properties: the request goes to the same URL (path included), or to the same regional host.
   */
  @Test
  void endpointVariables_sendWhereTheSdksClientSends() throws Exception {
    List<Map<String, String>> cases = List.of(
        Map.of(),
        Map.of("AWS_ENDPOINT_URL", "https://all.example.com"),
        Map.of("AWS_ENDPOINT_URL_SECRETS_MANAGER", "https://vpce-1.secretsmanager.example.com/base/"),
        Map.of("AWS_ENDPOINT_URL", "https://all.example.com",
            "AWS_ENDPOINT_URL_SECRETS_MANAGER", "https://vpce-1.secretsmanager.example.com"),
        Map.of("AWS_ENDPOINT_URL", "https://all.example.com", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        Map.of("AWS_ENDPOINT_URL_SECRETS_MANAGER", "https://sm.example.com",
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE", "AWS_USE_FIPS_ENDPOINT", "true"),
        Map.of("AWS_ENDPOINT_URL", "https://all.example.com", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"),
        Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
        Map.of("AWS_USE_FIPS_ENDPOINT", "TRUE"),
        Map.of("AWS_USE_DUALSTACK_ENDPOINT", "true"),
        Map.of("AWS_USE_FIPS_ENDPOINT", "true", "AWS_USE_DUALSTACK_ENDPOINT", "true"));
    for (String region : List.of("eu-west-1", "us-gov-west-1", "cn-north-1", "us-iso-east-1")) {
      for (Map<String, String> variables : cases) {
        assertThat(lean(variables, region)).as("%s %s", region, variables).isEqualTo(sent(variables, region));
      }
    }
  }

  /**
   * A known difference, kept visible: with an explicit endpoint and FIPS or dual-stack on, the SDK's rules refuse the
   * call ("FIPS and custom endpoint are not supported"), while the lean transport, by AwsEndpoints' rule shared with
   * KMS and SSM, sends to the explicit endpoint, which is the user's choice.
   */
  @Test
  void explicitEndpointWithFipsOrDualStack_theSdkRefuses_leanSendsToTheEndpoint() throws Exception {
    for (String setting : List.of("AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT")) {
      Map<String, String> variables = Map.of("AWS_ENDPOINT_URL", "https://all.example.com", setting, "true");
      assertThatThrownBy(() -> sent(variables, "eu-west-1")).isInstanceOf(SdkClientException.class)
          .hasMessageContaining("custom endpoint are not supported");
      assertThat(lean(variables, "eu-west-1")).isEqualTo(URI.create("https://all.example.com/"));
    }
  }

  private static URI rules(String region, boolean fips, boolean dualStack) {
    return RULES.resolveEndpoint(SecretsManagerEndpointParams.builder().region(Region.of(region)).useFips(fips)
        .useDualStack(dualStack).build()).join().endpointUrl().toUri();
  }

  private static Environment settings(boolean fips, boolean dualStack) {
    return Environment.of(Map.of("AWS_USE_FIPS_ENDPOINT", String.valueOf(fips),
        "AWS_USE_DUALSTACK_ENDPOINT", String.valueOf(dualStack)));
  }

  /** Where the lean transport built in {@code variables} sends a call for {@code region}. */
  private static URI lean(Map<String, String> variables, String region) throws SourceException {
    AwsConfig config = new AwsConfig(AwsSettings.defaults(), Environment.of(variables), Duration.ofSeconds(8));
    return SecretsManagerEndpoints.endpoint(SecretsManagerEndpoints.override(config), config.environment(), region);
  }

  /** The system property the SDK reads before each variable. */
  private static final Map<String, String> PROPERTIES = Map.of(
      "AWS_ENDPOINT_URL", "aws.endpointUrl",
      "AWS_ENDPOINT_URL_SECRETS_MANAGER", "aws.endpointUrlSecretsManager",
      "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "aws.ignoreConfiguredEndpointUrls",
      "AWS_USE_FIPS_ENDPOINT", "aws.useFipsEndpoint",
      "AWS_USE_DUALSTACK_ENDPOINT", "aws.useDualstackEndpoint");

  /**
   * The URL a {@link SecretsManagerClient} for {@code region} sends GetSecretValue to with {@code variables} as
   * system properties (stopped before it is sent), the shared config files out of the way.
   */
  private static URI sent(Map<String, String> variables, String region) {
    PROPERTIES.keySet().forEach(v -> assumeTrue(System.getenv(v) == null, v + " is set in this test's environment"));
    Map<String, String> properties = new LinkedHashMap<>();
    variables.forEach((variable, value) -> properties.put(PROPERTIES.get(variable), value));
    properties.put("aws.configFile", "/nonexistent/secretfn-test/config");
    properties.put("aws.sharedCredentialsFile", "/nonexistent/secretfn-test/credentials");
    Map<String, String> before = new LinkedHashMap<>();
    properties.forEach((key, value) -> before.put(key, System.setProperty(key, value)));
    URI[] sent = new URI[1];
    try (SecretsManagerClient client = SecretsManagerClient.builder()
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            sent[0] = context.httpRequest().getUri();
            throw new Stop();
          }
        }))
        .build()) {
      client.getSecretValue(r -> r.secretId("parity"));
    } catch (RuntimeException e) {
      if (!stopped(e)) {
        throw e;
      }
    } finally {
      before.forEach((key, value) -> {
        if (value == null) {
          System.clearProperty(key);
        } else {
          System.setProperty(key, value);
        }
      });
    }
    assertThat(sent[0]).as("the SDK's request").isNotNull();
    return sent[0];
  }

  private static boolean stopped(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Stop) {
        return true;
      }
    }
    return false;
  }

  /** Stops the SDK's call before it is sent. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super("stopped before sending", null, false, false);
    }
  }
}
