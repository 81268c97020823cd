package dev.secretfn.aws.ssm.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.ResolvedSecrets;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.Step;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.aws.ssm.SsmParameter;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 13's batching, proven on the emulator's request log for both transports (aws-ssm's SsmBatchingTest on the
 * lean one, here on each): the parameters of one start-up go ten to a GetParameters call, a partly invalid batch
 * fails each missing parameter under its own variable, a call refused as a whole is asked member by member, and a
 * retried failure costs one more shared call, not one per parameter.
 */
class BatchingParityTest {
  private SsmEmulator ssm;
  private Store store;

  @BeforeEach
  void start() {
    ssm = OfficialClientFixture.started();
  }

  @AfterEach
  void stop() {
    if (store != null) {
      store.close();
    }
    ssm.close();
  }

  private Store store(Transport transport) {
    store = transport.store(Map.of("AWS_REGION", "us-east-1",
        SsmModule.EMULATOR_HOST, ssm.endpoint().substring("http://".length())));
    return store;
  }

  /** {@code count} SecureStrings /app/p1.. and their variables P01.., each {@code value-i}. */
  private Map<String, String> parameters(int count) {
    Map<String, String> references = new LinkedHashMap<>();
    for (int i = 1; i <= count; i++) {
      ssm.putSecureString("/app/p" + i, "value-" + i, "alias/aws/ssm");
      references.put(String.format("P%02d", i), "ssm:///app/p" + i);
    }
    return references;
  }

  @SuppressWarnings("unchecked")
  private static List<String> names(RecordedRequest request) {
    try {
      return (List<String>) (List<?>) Json.parseObject(request.bodyUtf8()).get("Names");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private List<Integer> callSizes() {
    return ssm.getParametersRequests().stream().map(r -> names(r).size()).sorted().collect(Collectors.toList());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_tenParameters_makeOneGetParametersCallWithDecryption(Transport transport) throws Exception {
    ResolvedSecrets secrets = store(transport).resolve(parameters(10), Store.ONE_ATTEMPT);

    for (int i = 1; i <= 10; i++) {
      assertThat(secrets.get(String.format("P%02d", i)).revealString()).isEqualTo("value-" + i);
    }
    assertThat(callSizes()).containsExactly(10);
    assertThat(Json.parseObject(ssm.getParametersRequests().get(0).bodyUtf8()).get("WithDecryption"))
        .isEqualTo(true);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_elevenParameters_makeTwoCallsOfTenAndOne(Transport transport) {
    ResolvedSecrets secrets = store(transport).resolve(parameters(11), Store.ONE_ATTEMPT);

    assertThat(secrets.get("P11").revealString()).isEqualTo("value-11");
    assertThat(callSizes()).containsExactly(1, 10);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_retried503_makesOneMoreSharedCallNotTen(Transport transport) {
    Map<String, String> references = parameters(10);
    ssm.knobs().failNext(1, 503);

    ResolvedSecrets secrets = store(transport).resolve(references, Store.RETRYING);

    assertThat(secrets.get("P10").revealString()).isEqualTo("value-10");
    assertThat(callSizes()).containsExactly(10, 10);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_throttledTwice_coalescesEachRetry(Transport transport) {
    Map<String, String> references = parameters(5);
    ssm.knobs().failNext(2, 429);

    ResolvedSecrets secrets = store(transport).resolve(references, Store.RETRYING);

    assertThat(secrets.get("P05").revealString()).isEqualTo("value-5");
    assertThat(ssm.getParametersRequests()).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_partlyInvalidBatch_failsEachMissingParameterUnderItsOwnVariable(Transport transport) {
    Map<String, String> references = parameters(3);
    references.put("MISSING", "ssm:///app/missing");
    references.put("OLD", "ssm:///app/p1?version=9");
    references.put("LABELLED", "ssm:///app/p2?label=nope");

    SecretResolutionException e = store(transport).failures(references, Store.ONE_ATTEMPT);

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
    assertThat(callSizes()).containsExactly(6);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_oneDeniedParameterInABatch_failsOnlyItsVariableAfterAskingEachAlone(Transport transport) {
    Map<String, String> references = parameters(4);
    ssm.knobs().deny(SsmEmulator.arn("/app/p3"));

    SecretResolutionException e = store(transport).failures(references, Store.ONE_ATTEMPT);

    assertThat(e.failures()).hasSize(1);
    Failure failure = e.failures().get(0);
    assertThat(failure.variable()).isEqualTo("P03");
    assertThat(failure.cause()).contains("AccessDeniedException", "/app/p3");
    assertThat(failure.hint()).get().asString().contains("ssm:GetParameters on arn:aws:ssm:us-east-1:ACCOUNT:"
        + "parameter/app/p3");
    // The shared call refused as a whole, then each member alone.
    assertThat(callSizes()).containsExactly(1, 1, 1, 1, 4);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_kmsRefusalOfTheWholeCall_isAskedMemberByMember(Transport transport) {
    Map<String, String> references = parameters(3);
    ssm.putSecureString("/app/cmk", "v", "arn:aws:kms:us-east-1:111122223333:key/k1");
    ssm.denyKey("arn:aws:kms:us-east-1:111122223333:key/k1");
    references.put("CMK", "ssm:///app/cmk");

    SecretResolutionException e = store(transport).failures(references, Store.ONE_ATTEMPT);

    assertThat(e.failures()).extracting(Failure::variable).containsExactly("CMK");
    assertThat(e.failures().get(0).step()).isEqualTo(Step.DECRYPT);
    assertThat(e.failures().get(0).hint()).get().asString().contains("kms:Decrypt", "kms:ViaService");
    assertThat(callSizes()).containsExactly(1, 1, 1, 1, 4);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_fieldsOfOneParameterVersionsAndLabels_shareTheCall(Transport transport) {
    ssm.putSecureString("/app/db", "{\"username\":\"orders\",\"password\":\"pw1\"}", "alias/aws/ssm");
    ssm.putSecureString("/app/db", "{\"username\":\"orders\",\"password\":\"pw2\"}", "alias/aws/ssm");
    ssm.labelParameterVersion("/app/db", 1, "previous");
    ssm.putParameter("region-list", "StringList", "eu-west-1,us-east-1");
    ssm.putParameter("plain", "String", "hello \u00fc\u00df \"quoted\"");
    Map<String, String> references = new LinkedHashMap<>();
    references.put("USER", "ssm:///app/db#username");
    references.put("PASS", "ssm:///app/db#password");
    references.put("PASS_V1", "ssm:///app/db?version=1#password");
    references.put("PASS_PREV", "ssm:///app/db?label=previous#password");
    references.put("REGIONS", "ssm://region-list");
    references.put("PLAIN", "ssm://plain");

    ResolvedSecrets secrets = store(transport).resolve(references, Store.ONE_ATTEMPT);

    assertThat(secrets.get("USER").revealString()).isEqualTo("orders");
    assertThat(secrets.get("PASS").revealString()).isEqualTo("pw2");
    assertThat(secrets.get("PASS_V1").revealString()).isEqualTo("pw1");
    assertThat(secrets.get("PASS_PREV").revealString()).isEqualTo("pw1");
    assertThat(secrets.get("REGIONS").revealString()).isEqualTo("eu-west-1,us-east-1");
    assertThat(secrets.get("PLAIN").revealString()).isEqualTo("hello \u00fc\u00df \"quoted\"");
    assertThat(names(ssm.getParametersRequests().get(0))).containsExactlyInAnyOrder(
        "/app/db", "/app/db:1", "/app/db:previous", "region-list", "plain");
    assertThat(ssm.getParametersRequests()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fetch_withoutExpect_readsTheParameterAlone(Transport transport) throws Exception {
    parameters(2);
    SsmParameter p1 = new SsmParameter("/app/p1", OptionalLong.empty(), Optional.empty(), Optional.empty());

    String value = store(transport).source().fetch(Fetch.of(p1, List.of("P1"), Duration.ofSeconds(5), 1))
        .revealString();

    assertThat(value).isEqualTo("value-1");
    assertThat(names(ssm.getParametersRequests().get(0))).containsExactly("/app/p1");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_sameReferencesTwice_eachStartUpMakesItsOwnCall(Transport transport) {
    Map<String, String> references = parameters(3);
    Store twice = store(transport);

    twice.resolve(references, Store.ONE_ATTEMPT);
    twice.resolve(references, Store.ONE_ATTEMPT);

    assertThat(callSizes()).containsExactly(3, 3);
  }
}
