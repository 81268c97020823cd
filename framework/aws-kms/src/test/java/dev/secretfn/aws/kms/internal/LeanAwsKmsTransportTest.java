package dev.secretfn.aws.kms.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsEndpoints;
import dev.secretfn.aws.internal.AwsRequestSigner;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The lean transport's endpoint choice, and its priming, which must never touch the function's credentials. */
class LeanAwsKmsTransportTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private AwsKmsEmulator kms;
  private final CountingCredentials credentials = new CountingCredentials();

  @BeforeEach
  void start() {
    kms = AwsKmsEmulator.start();
    kms.requireSignatures(CountingCredentials.KEY_ID, CountingCredentials.SECRET);
  }

  @AfterEach
  void stop() {
    kms.close();
  }

  private static LeanAwsKmsTransport create(Map<String, String> variables) {
    return LeanAwsKmsTransport.create(
        new AwsConfig(AwsSettings.defaults(), Environment.of(variables), Duration.ofSeconds(8)));
  }

  /** A transport pointed at the emulator by AWS_ENDPOINT_URL_KMS, signing with the counting credentials. */
  private LeanAwsKmsTransport overEndpointVariable(Map<String, String> more) {
    Map<String, String> variables = new LinkedHashMap<>(Map.of("AWS_ENDPOINT_URL_KMS", kms.endpoint()));
    variables.putAll(more);
    Environment environment = Environment.of(variables);
    return new LeanAwsKmsTransport(environment,
        AwsEndpoints.override(Optional.empty(), "none", environment, "KMS"), new AwsRequestSigner(credentials));
  }

  @Test
  void endpoint_noOverride_isTheRegionalHostWithSlash() throws Exception {
    assertThat(create(Map.of()).endpoint("eu-west-1")).isEqualTo(URI.create("https://kms.eu-west-1.amazonaws.com/"));
    assertThat(create(Map.of()).endpoint("cn-north-1"))
        .isEqualTo(URI.create("https://kms.cn-north-1.amazonaws.com.cn/"));
  }

  @Test
  void endpoint_fipsAndDualStack_followTheVariables() throws Exception {
    assertThat(create(Map.of("AWS_USE_FIPS_ENDPOINT", "true")).endpoint("us-east-2"))
        .isEqualTo(URI.create("https://kms-fips.us-east-2.amazonaws.com/"));
    assertThat(create(Map.of("AWS_USE_DUALSTACK_ENDPOINT", "true")).endpoint("us-east-2"))
        .isEqualTo(URI.create("https://kms.us-east-2.api.aws/"));
  }

  @Test
  void endpoint_awsEndpointUrl_keepsItsPath() throws Exception {
    assertThat(create(Map.of("AWS_ENDPOINT_URL", "https://proxy.example.com/kms/")).endpoint("eu-west-1"))
        .isEqualTo(URI.create("https://proxy.example.com/kms/"));
  }

  @Test
  void create_malformedEndpointVariable_failsNamingIt() {
    assertThatThrownBy(() -> create(Map.of("AWS_ENDPOINT_URL_KMS", "http://kms.example.com")))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("AWS_ENDPOINT_URL_KMS names a plain");
  }

  @Test
  void decrypt_explicitEndpoint_signsWithTheFunctionsCredentials() throws Exception {
    String key = kms.createKey();
    byte[] blob = kms.encrypt(key, "v".getBytes(UTF_8), Map.of("a", "b"));

    byte[] plaintext = overEndpointVariable(Map.of()).decrypt(
        new AwsKmsTransport.Decrypt("us-east-1", Optional.empty(), blob, Map.of("a", "b"), TIMEOUT));

    assertThat(plaintext).isEqualTo("v".getBytes(UTF_8));
    assertThat(credentials.resolved.get()).isEqualTo(1);
    assertThat(kms.requests().get(0).header("Authorization")).get().asString()
        .contains("Credential=" + CountingCredentials.KEY_ID + "/");
  }

  @Test
  void prime_sendsOneUnsignedDecrypt_andNeverReadsTheFunctionsCredentials() throws Exception {
    overEndpointVariable(Map.of("AWS_REGION", "us-east-1")).prime(TIMEOUT);

    assertThat(credentials.resolved.get()).isZero();
    assertThat(kms.requests()).singleElement().satisfies(request -> {
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.header("X-Amz-Target")).hasValue("TrentService.Decrypt");
      assertThat(request.header("Authorization")).isEmpty();
      assertThat(request.bodyUtf8()).doesNotContain("KeyId");
    });
  }

  @Test
  void prime_thenDecrypt_works() throws Exception {
    LeanAwsKmsTransport transport = overEndpointVariable(Map.of("AWS_REGION", "us-east-1"));
    String key = kms.createKey();
    byte[] blob = kms.encrypt(key, "after-priming".getBytes(UTF_8), Map.of());

    transport.prime(TIMEOUT);
    byte[] plaintext = transport.decrypt(
        new AwsKmsTransport.Decrypt("us-east-1", Optional.of(key), blob, Map.of(), TIMEOUT));

    assertThat(plaintext).isEqualTo("after-priming".getBytes(UTF_8));
    assertThat(kms.requests()).extracting(RecordedRequest::method).containsExactly("POST", "POST");
  }

  @Test
  void prime_endpointDown_returnsQuietlyWithinTheTimeout() throws Exception {
    LeanAwsKmsTransport transport = overEndpointVariable(Map.of("AWS_REGION", "us-east-1"));
    kms.close();
    long start = System.nanoTime();

    transport.prime(Duration.ofMillis(500));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(credentials.resolved.get()).isZero();
  }

  @Test
  void prime_noRegion_sendsNothing() throws Exception {
    overEndpointVariable(Map.of()).prime(TIMEOUT);

    assertThat(kms.requests()).isEmpty();
  }

  @Test
  void prime_malformedRegion_returnsQuietly() throws Exception {
    overEndpointVariable(Map.of("AWS_REGION", "not a region")).prime(TIMEOUT);

    assertThat(kms.requests()).isEmpty();
  }

  /** Counts how often the function's credentials are read. */
  private static final class CountingCredentials implements AwsCredentialsProvider {
    static final String KEY_ID = "AKIDFUNCTIONROLE";
    static final String SECRET = "function-role-secret";
    final AtomicInteger resolved = new AtomicInteger();

    @Override
    public AwsCredentials resolveCredentials() {
      resolved.incrementAndGet();
      return AwsBasicCredentials.create(KEY_ID, SECRET);
    }
  }
}
