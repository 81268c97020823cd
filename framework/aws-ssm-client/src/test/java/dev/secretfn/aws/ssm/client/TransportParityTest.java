package dev.secretfn.aws.ssm.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lean transport and the SDK's SsmClient, side by side on one emulator: for the same fault or answer, the same
 * outcome for every variable (step, message, fix and retryability, or the same value) and the same number of
 * GetParameters calls.
 */
class TransportParityTest {
  private static final String CMK = "arn:aws:kms:us-east-1:111122223333:key/k1";

  private SsmEmulator ssm;
  private Map<String, String> variables;
  private final List<Store> stores = new ArrayList<>();

  @BeforeEach
  void start() {
    ssm = OfficialClientFixture.started();
    ssm.putSecureString("/app/db", "{\"username\":\"orders\",\"password\":\"pa\u00dfword\"}", "alias/aws/ssm");
    ssm.putSecureString("/app/db", "{\"username\":\"orders\",\"password\":\"second\"}", "alias/aws/ssm");
    ssm.labelParameterVersion("/app/db", 1, "prod");
    ssm.putParameter("plain", "String", "hello");
    variables = new LinkedHashMap<>(Map.of("AWS_REGION", "us-east-1",
        SsmModule.EMULATOR_HOST, ssm.endpoint().substring("http://".length())));
  }

  @AfterEach
  void stop() {
    stores.forEach(Store::close);
    ssm.close();
  }

  /** What one resolve of {@code references} gives: each variable's value or failure, by variable. */
  private String outcome(Transport transport, Map<String, String> references, ResolverSettings settings) {
    Store store = transport.store(variables);
    stores.add(store);
    Map<String, String> out = new TreeMap<>();
    try {
      ResolvedSecrets secrets = store.resolve(references, settings);
      references.keySet().forEach(v -> out.put(v, "value " + secrets.get(v).revealString()));
    } catch (SecretResolutionException e) {
      for (SecretResolutionException.Failure f : e.failures()) {
        out.put(f.variable(), f.step() + " | " + f.cause() + " | " + f.hint().orElse("no hint") + " | retryable="
            + f.isRetryable());
      }
    }
    return out.toString();
  }

  /**
   * Runs {@code fault} before each transport's resolve of {@code references}; asserts the same outcome and the
   * same number of GetParameters calls, and returns the lean outcome.
   */
  private String sameOutcome(Map<String, String> references, ResolverSettings settings, Consumer<SsmEmulator> fault) {
    fault.accept(ssm);
    String lean = outcome(Transport.LEAN, references, settings);
    int leanCalls = ssm.getParametersRequests().size();
    ssm.knobs().reset();
    fault.accept(ssm);
    String official = outcome(Transport.OFFICIAL, references, settings);
    int officialCalls = ssm.getParametersRequests().size() - leanCalls;
    ssm.knobs().reset();

    assertThat(official).as("official vs lean").isEqualTo(lean);
    assertThat(officialCalls).as("GetParameters calls, official vs lean").isEqualTo(leanCalls);
    return lean;
  }

  private String sameOutcome(String reference, Consumer<SsmEmulator> fault) {
    return sameOutcome(Map.of("SECRET", reference), Store.ONE_ATTEMPT, fault);
  }

  private static Map<String, String> batch() {
    Map<String, String> references = new LinkedHashMap<>();
    references.put("USER", "ssm:///app/db#username");
    references.put("PASS", "ssm:///app/db?version=1#password");
    references.put("PROD", "ssm:///app/db?label=prod#password");
    references.put("PLAIN", "ssm://plain");
    return references;
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 412, 429, 500, 501, 503, 504})
  void failNext_eachStatus_sameFailureOnBothTransports(int status) {
    assertThat(sameOutcome("ssm:///app/db", s -> s.knobs().failNext(1, status)))
        .containsPattern("SECRET=(FETCH|DECRYPT) \\| SSM GetParameters (answered|listed) ");
  }

  /** A permanent refusal of the shared call is asked again member by member on both; a transient one is not. */
  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 412, 429, 500, 501, 503, 504})
  void failNext_eachStatusOnABatch_sameOutcomesAndCalls(int status) {
    String outcome = sameOutcome(batch(), Store.ONE_ATTEMPT, s -> s.knobs().failNext(1, status));

    assertThat(ssm.getParametersRequests()).hasSize(outcome.contains("retryable=true") || status == 404 ? 2 : 10);
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 503})
  void failNext_transientStatusRetried_sameValuesAndCalls(int status) {
    assertThat(sameOutcome(batch(), Store.RETRYING, s -> s.knobs().failNext(2, status)))
        .isEqualTo("{PASS=value pa\u00dfword, PLAIN=value hello, PROD=value pa\u00dfword, USER=value orders}");
  }

  @Test
  void success_sameValuesFromAnEqualRequestSignedForSsmInTheRegion() throws Exception {
    assertThat(sameOutcome(batch(), Store.ONE_ATTEMPT, s -> { }))
        .isEqualTo("{PASS=value pa\u00dfword, PLAIN=value hello, PROD=value pa\u00dfword, USER=value orders}");

    List<RecordedRequest> calls = ssm.getParametersRequests();
    assertThat(calls).hasSize(2);
    Map<String, Object> lean = Json.parseObject(calls.get(0).bodyUtf8());
    Map<String, Object> official = Json.parseObject(calls.get(1).bodyUtf8());
    assertThat(official.get("WithDecryption")).isEqualTo(lean.get("WithDecryption")).isEqualTo(true);
    assertThat(sorted(official.get("Names"))).isEqualTo(sorted(lean.get("Names")))
        .containsExactly("/app/db", "/app/db:1", "/app/db:prod", "plain");
    for (RecordedRequest request : calls) {
      assertThat(request.path()).isEqualTo("/");
      assertThat(request.header("X-Amz-Target")).hasValue("AmazonSSM.GetParameters");
      assertThat(request.header("Content-Type")).get().asString().startsWith("application/x-amz-json-1.1");
      assertThat(request.header("Authorization")).get().asString().contains("/us-east-1/ssm/aws4_request");
    }
  }

  private static List<String> sorted(Object names) {
    return ((List<?>) names).stream().map(String::valueOf).sorted().collect(Collectors.toList());
  }

  @Test
  void deniedParameter_sameFailure() {
    assertThat(sameOutcome("ssm:///app/db", s -> s.knobs().deny(SsmEmulator.arn("/app/db"))))
        .contains("FETCH | SSM GetParameters answered 400 AccessDeniedException for /app/db in us-east-1 | allow"
            + " ssm:GetParameters on arn:aws:ssm:us-east-1:ACCOUNT:parameter/app/db");
  }

  @Test
  void deniedParameterInABatch_sameFailureForItsVariableOnly() {
    Map<String, String> references = batch();
    references.put("OTHER", "ssm:///app/other");
    ssm.putParameter("/app/other", "String", "o");

    assertThat(sameOutcome(references, Store.ONE_ATTEMPT, s -> s.knobs().deny(SsmEmulator.arn("/app/other"))))
        .startsWith("{OTHER=FETCH | SSM GetParameters answered 400 AccessDeniedException for /app/other");
  }

  @Test
  void kmsKeyDenied_sameDecryptFailure() {
    ssm.putSecureString("/app/cmk", "v", CMK);

    assertThat(sameOutcome("ssm:///app/cmk", s -> s.denyKey(CMK)))
        .contains("DECRYPT | SSM GetParameters answered 400 AccessDeniedException for /app/cmk in us-east-1: the"
            + " SecureString's KMS key refused to decrypt it | allow kms:Decrypt");
  }

  @Test
  void absentParameterVersionAndLabel_sameFailuresUnderEachVariable() {
    Map<String, String> references = batch();
    references.put("MISSING", "ssm:///app/missing");
    references.put("OLD", "ssm:///app/db?version=9");
    references.put("LABEL", "ssm://plain?label=nope");

    String outcome = sameOutcome(references, Store.ONE_ATTEMPT, s -> { });

    assertThat(outcome).contains("MISSING=FETCH | SSM GetParameters listed /app/missing among its InvalidParameters",
        "OLD=FETCH | SSM GetParameters listed /app/db:9", "LABEL=FETCH | SSM GetParameters listed plain:nope");
    assertThat(outcome).doesNotContain("USER=", "PLAIN=");
  }

  @Test
  void unknownCredentials_sameFailure() {
    SsmEmulator strict = SsmEmulator.start();
    try {
      strict.requireSignatures("someone-else", "secret");
      variables.put(SsmModule.EMULATOR_HOST, strict.endpoint().substring("http://".length()));

      assertThat(sameOutcome("ssm:///app/db", s -> { }))
          .contains("FETCH | SSM GetParameters answered 400 UnrecognizedClientException", "execution role");
    } finally {
      strict.close();
    }
  }

  @Test
  void emulatorDown_sameFailure() {
    SsmEmulator down = SsmEmulator.start();
    down.close();
    variables.put(SsmModule.EMULATOR_HOST, down.endpoint().substring("http://".length()));

    assertThat(sameOutcome("ssm:///app/db", s -> { }))
        .contains("FETCH | calling AWS for /app/db failed: ConnectException | no hint | retryable=true");
  }

  @Test
  void connectionReset_sameRetryableFailure() {
    assertThat(sameOutcome(batch(), Store.ONE_ATTEMPT, s -> s.knobs().resetNext(1)))
        .contains("FETCH | calling AWS for 4 parameters failed: SocketException | no hint | retryable=true");
  }

  @Test
  void answerCutShort_sameRetryableFailure() {
    assertThat(sameOutcome(batch(), Store.ONE_ATTEMPT, s -> s.knobs().truncateNext(1)))
        .contains("FETCH | calling AWS for 4 parameters failed: IOException | no hint | retryable=true");
  }

  /**
   * Both give up at the deadline with the resolver's deadline failure. Which fires first, the resolver's deadline or
   * the call's own timeout (the time left when it started), is a race on either transport; it shows only as the
   * resolver's "; last error: ..." suffix, which is left out of the comparison.
   */
  @Test
  void answerSlowerThanTheDeadline_sameRetryableFailureAtTheDeadline() {
    ResolverSettings short1s = ResolverSettings.builder().deadline(Duration.ofSeconds(1)).maxAttempts(1).build();
    Map<String, String> references = Map.of("SECRET", "ssm:///app/db");

    ssm.knobs().latency(Duration.ofSeconds(3));
    String lean = withoutLastError(outcome(Transport.LEAN, references, short1s));
    String official = withoutLastError(outcome(Transport.OFFICIAL, references, short1s));

    assertThat(official).isEqualTo(lean).startsWith("{SECRET=FETCH | did not finish within the 1000 ms start-up"
        + " deadline (attempt 1) | check that the function can reach the service").endsWith("retryable=true}");
    assertThat(ssm.getParametersRequests()).hasSize(2);
  }

  private static String withoutLastError(String outcome) {
    return outcome.replaceAll("; last error: [^)]*\\)", ")");
  }

  @Test
  void plainHttpEndpointVariable_sameSetUpFailure() {
    variables.remove(SsmModule.EMULATOR_HOST);
    variables.put("AWS_ENDPOINT_URL_SSM", "http://ssm.example.com");

    assertThat(sameOutcome("ssm:///app/db", s -> { }))
        .contains("SOURCE_SETUP | AWS_ENDPOINT_URL_SSM names a plain http:// endpoint on ssm.example.com");
  }

  @Test
  void missingRegion_sameSetUpFailure() {
    variables.remove("AWS_REGION");

    assertThat(sameOutcome("ssm:///app/db", s -> { })).contains("SOURCE_SETUP | AWS_REGION is not set");
  }

  @Test
  void explicitEndpointVariable_bothSignWithTheFunctionsCredentials() {
    withSystemProperties(Map.of("aws.accessKeyId", "AKIDFUNCTIONROLE", "aws.secretAccessKey", "role-secret"), () -> {
      ssm.requireSignatures("AKIDFUNCTIONROLE", "role-secret");
      variables.remove(SsmModule.EMULATOR_HOST);
      variables.put("AWS_ENDPOINT_URL_SSM", ssm.endpoint());

      assertThat(sameOutcome("ssm://plain", s -> { })).isEqualTo("{SECRET=value hello}");
      assertThat(ssm.getParametersRequests()).hasSize(2).allSatisfy(r -> assertThat(r.header("Authorization"))
          .get().asString().contains("Credential=AKIDFUNCTIONROLE/"));
    });
  }

  @Test
  void noCredentialsAnywhere_sameSetUpFailureWithoutCalling() {
    withSystemProperties(Map.of("aws.disableEc2Metadata", "true"), () -> {
      variables.remove(SsmModule.EMULATOR_HOST);
      variables.put("AWS_ENDPOINT_URL_SSM", ssm.endpoint());

      assertThat(sameOutcome("ssm://plain", s -> { })).contains("SOURCE_SETUP | no AWS credentials");
      assertThat(ssm.requests()).isEmpty();
    });
  }

  /** Runs {@code body} with system properties set (the SDK's credential providers read them), then restores. */
  private static void withSystemProperties(Map<String, String> properties, Runnable body) {
    Map<String, String> previous = new LinkedHashMap<>();
    properties.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
    try {
      body.run();
    } finally {
      previous.forEach((name, value) -> {
        if (value == null) {
          System.clearProperty(name);
        } else {
          System.setProperty(name, value);
        }
      });
    }
  }
}
