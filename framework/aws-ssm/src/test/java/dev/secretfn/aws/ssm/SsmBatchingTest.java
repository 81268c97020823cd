package dev.secretfn.aws.ssm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.Step;
import dev.secretfn.spi.Fetch;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's central requirement, proven on the emulator's request log: the parameters of one start-up go ten to a
 * GetParameters call, a partly invalid batch fails each missing parameter under its own variable, and a retried
 * failure costs one more shared call, not one per parameter.
 */
class SsmBatchingTest {
  private SsmEmulator ssm;
  private LeanSsm store;

  @BeforeEach
  void start() {
    ssm = SsmFixture.started();
    store = new LeanSsm(LeanSsm.emulator(ssm.endpoint(), Map.of()));
  }

  @AfterEach
  void stop() {
    ssm.close();
  }

  /** {@code count} SecureStrings /app/p1.. and their variables P1.., each {@code value-i}. */
  private Map<String, String> parameters(int count) {
    Map<String, String> references = new LinkedHashMap<>();
    for (int i = 1; i <= count; i++) {
      ssm.putSecureString("/app/p" + i, "value-" + i, "alias/aws/ssm");
      references.put(String.format("P%02d", i), "ssm:///app/p" + i);
    }
    return references;
  }

  @SuppressWarnings("unchecked")
  private static List<String> names(RecordedRequest request) throws Exception {
    return (List<String>) (List<?>) Json.parseObject(request.bodyUtf8()).get("Names");
  }

  @Test
  void resolve_tenParameters_makeOneGetParametersCall() throws Exception {
    ResolvedSecrets secrets = store.resolve(parameters(10), LeanSsm.ONE_ATTEMPT);

    for (int i = 1; i <= 10; i++) {
      assertThat(secrets.get(String.format("P%02d", i)).revealString()).isEqualTo("value-" + i);
    }
    assertThat(ssm.getParametersRequests()).hasSize(1);
    assertThat(names(ssm.getParametersRequests().get(0))).hasSize(10);
  }

  @Test
  void resolve_elevenParameters_makeTwoCallsOfTenAndOne() throws Exception {
    ResolvedSecrets secrets = store.resolve(parameters(11), LeanSsm.ONE_ATTEMPT);

    assertThat(secrets.get("P11").revealString()).isEqualTo("value-11");
    List<RecordedRequest> calls = ssm.getParametersRequests();
    assertThat(calls).hasSize(2);
    assertThat(calls.stream().map(r -> {
      try {
        return names(r).size();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }).sorted().collect(Collectors.toList())).containsExactly(1, 10);
  }

  @Test
  void resolve_retried503_makesOneMoreSharedCallNotTen() {
    Map<String, String> references = parameters(10);
    ssm.knobs().failNext(1, 503);

    ResolvedSecrets secrets = store.resolve(references, LeanSsm.RETRYING);

    assertThat(secrets.get("P10").revealString()).isEqualTo("value-10");
    assertThat(ssm.getParametersRequests()).hasSize(2);
  }

  @Test
  void resolve_throttledTwice_coalescesEachRetry() {
    Map<String, String> references = parameters(5);
    ssm.knobs().failNext(2, 429);

    ResolvedSecrets secrets = store.resolve(references, LeanSsm.RETRYING);

    assertThat(secrets.get("P05").revealString()).isEqualTo("value-5");
    assertThat(ssm.getParametersRequests()).hasSize(3);
  }

  @Test
  void resolve_partlyInvalidBatch_failsEachMissingParameterUnderItsOwnVariable() {
    Map<String, String> references = parameters(3);
    references.put("MISSING", "ssm:///app/missing");
    references.put("OLD", "ssm:///app/p1?version=9");
    references.put("LABELLED", "ssm:///app/p2?label=nope");

    SecretResolutionException e = store.failures(references, LeanSsm.ONE_ATTEMPT);

    assertThat(e.failures()).extracting(Failure::variable).containsExactly("LABELLED", "MISSING", "OLD");
    Map<String, Failure> byVariable = e.failures().stream().collect(Collectors.toMap(Failure::variable, f -> f));
    assertThat(byVariable.get("MISSING").cause()).isEqualTo("SSM GetParameters listed /app/missing among its"
        + " InvalidParameters: no parameter /app/missing in us-east-1");
    assertThat(byVariable.get("OLD").cause()).contains("/app/p1:9", "no version 9 of parameter /app/p1");
    assertThat(byVariable.get("LABELLED").cause()).contains("/app/p2:nope", "no label nope of parameter /app/p2");
    for (Failure failure : e.failures()) {
      assertThat(failure.step()).isEqualTo(Step.FETCH);
      assertThat(failure.isRetryable()).isFalse();
      assertThat(failure.hint()).get().asString().contains("aws ssm put-parameter");
    }
    assertThat(ssm.getParametersRequests()).hasSize(1);
  }

  @Test
  void resolve_oneDeniedParameterInABatch_failsOnlyItsVariable() {
    Map<String, String> references = parameters(4);
    ssm.knobs().deny(SsmEmulator.arn("/app/p3"));

    SecretResolutionException e = store.failures(references, LeanSsm.ONE_ATTEMPT);

    Failure failure = e.failures().get(0);
    assertThat(e.failures()).hasSize(1);
    assertThat(failure.variable()).isEqualTo("P03");
    assertThat(failure.cause()).contains("AccessDeniedException", "/app/p3");
    assertThat(failure.hint()).get().asString().contains("ssm:GetParameters on arn:aws:ssm:us-east-1:ACCOUNT:"
        + "parameter/app/p3");
    // The shared call, then each member alone.
    assertThat(ssm.getParametersRequests()).hasSize(5);
  }

  @Test
  void resolve_fieldsOfOneParameterAndVersions_shareTheCall() {
    ssm.putSecureString("/app/db", "{\"username\":\"orders\",\"password\":\"pw1\"}", "alias/aws/ssm");
    ssm.putSecureString("/app/db", "{\"username\":\"orders\",\"password\":\"pw2\"}", "alias/aws/ssm");
    ssm.labelParameterVersion("/app/db", 1, "previous");
    ssm.putParameter("region-list", "StringList", "eu-west-1,us-east-1");
    ssm.putParameter("plain", "String", "hello");
    Map<String, String> references = new LinkedHashMap<>();
    references.put("USER", "ssm:///app/db#username");
    references.put("PASS", "ssm:///app/db#password");
    references.put("PASS_V1", "ssm:///app/db?version=1#password");
    references.put("PASS_PREV", "ssm:///app/db?label=previous#password");
    references.put("REGIONS", "ssm://region-list");
    references.put("PLAIN", "ssm://plain");

    ResolvedSecrets secrets = store.resolve(references, LeanSsm.ONE_ATTEMPT);

    assertThat(secrets.get("USER").revealString()).isEqualTo("orders");
    assertThat(secrets.get("PASS").revealString()).isEqualTo("pw2");
    assertThat(secrets.get("PASS_V1").revealString()).isEqualTo("pw1");
    assertThat(secrets.get("PASS_PREV").revealString()).isEqualTo("pw1");
    assertThat(secrets.get("REGIONS").revealString()).isEqualTo("eu-west-1,us-east-1");
    assertThat(secrets.get("PLAIN").revealString()).isEqualTo("hello");
    assertThat(ssm.getParametersRequests()).hasSize(1);
  }

  @Test
  void fetch_withoutExpect_readsTheParameterAlone() throws Exception {
    parameters(2);
    SsmParameter p1 = new SsmParameter("/app/p1", OptionalLong.empty(), Optional.empty(), Optional.empty());

    String value = store.source().fetch(Fetch.of(p1, List.of("P1"), Duration.ofSeconds(5), 1)).revealString();

    assertThat(value).isEqualTo("value-1");
    assertThat(names(ssm.getParametersRequests().get(0))).containsExactly("/app/p1");
  }

  @Test
  void resolve_sameReferencesTwice_eachStartUpMakesItsOwnCall() {
    Map<String, String> references = parameters(3);

    store.resolve(references, LeanSsm.ONE_ATTEMPT);
    store.resolve(references, LeanSsm.ONE_ATTEMPT);

    assertThat(ssm.getParametersRequests()).hasSize(2);
    assertThat(Environment.of(references).get("P01")).isPresent();
  }
}
