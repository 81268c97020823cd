package dev.secretfn.gcp.secretmanager.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretResolver;
import dev.secretfn.Step;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerTransport;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lean and the official transport read alike and fail alike: the same references give the same values, and for
 * the same emulator fault or state the same step, message, fix and retryability reach the user. Both run here,
 * where both are on the class path, against one emulator.
 */
class TransportParityTest {
  private static final String PROJECT = "secretfn-parity";
  private static final String GLOBAL = "projects/" + PROJECT + "/secrets/db-pass";
  private static final String REGIONAL = "projects/" + PROJECT + "/locations/europe-west1/secrets/api-key";
  private static final ResolverSettings SETTINGS = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(15))
      .maxAttempts(3)
      .initialBackoff(Duration.ofMillis(5))
      .maxBackoff(Duration.ofMillis(20))
      .build();

  /** An emulator fault, as the knobs make it; repeated so that retryable ones outlast every attempt. */
  enum Fault {
    DENIED(k -> k.deny(REGIONAL)),
    BAD_REQUEST(k -> k.failNext(10, 400)),
    UNAUTHENTICATED(k -> k.failNext(10, 401)),
    FORBIDDEN(k -> k.failNext(10, 403)),
    NOT_FOUND(k -> k.failNext(10, 404)),
    ABORTED(k -> k.failNext(10, 409)),
    PRECONDITION_FAILED(k -> k.failNext(10, 412)),
    THROTTLED(k -> k.failNext(10, 429)),
    INTERNAL(k -> k.failNext(10, 500)),
    NOT_IMPLEMENTED(k -> k.failNext(10, 501)),
    UNAVAILABLE(k -> k.failNext(10, 503)),
    GATEWAY_TIMEOUT(k -> k.failNext(10, 504)),
    RESET(k -> k.resetNext(10)),
    TRUNCATED(k -> k.truncateNext(10)),
    CHECKSUM(k -> k.corruptNextChecksum(10));

    final Consumer<EmulatorKnobs> apply;

    Fault(Consumer<EmulatorKnobs> apply) {
      this.apply = apply;
    }
  }

  /** A version's state in the emulator, made before both transports read it. */
  enum State {
    SECRET_MISSING("gcp-sm://projects/" + PROJECT + "/secrets/missing/versions/1", sm -> {}),
    VERSION_MISSING("gcp-sm://" + REGIONAL + "/versions/9", sm -> {}),
    DISABLED("gcp-sm://" + GLOBAL + "/versions/1", sm -> sm.disable(GLOBAL, 1)),
    DESTROYED("gcp-sm://" + GLOBAL + "/versions/1", sm -> sm.destroy(GLOBAL, 1)),
    NEWEST_DISABLED_FOR_LATEST("sm://" + PROJECT + "/db-pass", sm -> sm.disable(GLOBAL, 2)),
    REGIONAL_DISABLED("gcp-sm://" + REGIONAL + "/versions/1", sm -> sm.disable(REGIONAL, 1)),
    BERGLAS_DENIED("sm://" + PROJECT + "/db-pass#2", sm -> sm.knobs().deny(GLOBAL)),
    NOT_JSON("gcp-sm://" + GLOBAL + "/versions/2#password", sm -> {}),
    FIELD_MISSING("gcp-sm://" + REGIONAL + "/versions/1#username", sm -> {});

    final String reference;
    final Consumer<SecretManagerEmulator> apply;

    State(String reference, Consumer<SecretManagerEmulator> apply) {
      this.reference = reference;
      this.apply = apply;
    }
  }

  private SecretManagerEmulator sm;
  private final List<OfficialSecretManagerComponent> officials = new ArrayList<>();

  @BeforeEach
  void start() {
    sm = SecretManagerEmulator.start();
    sm.createSecret(GLOBAL);
    sm.addVersion(GLOBAL, "global-v1".getBytes(UTF_8));
    sm.addVersion(GLOBAL, "global-v2".getBytes(UTF_8));
    sm.createSecret(REGIONAL);
    sm.addVersion(REGIONAL, "{\"password\":\"regional-v1\",\"user\":\"orders\"}".getBytes(UTF_8));
  }

  @AfterEach
  void stop() {
    officials.forEach(OfficialSecretManagerComponent::closeClients);
    sm.close();
  }

  @Test
  void resolve_everyReferenceForm_givesTheSameValuesOnBothTransports() {
    String binary = "projects/" + PROJECT + "/locations/us-east4/secrets/binary";
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    sm.createSecret(binary);
    sm.addVersion(binary, bytes);
    String empty = "projects/" + PROJECT + "/secrets/empty";
    sm.createSecret(empty);
    sm.addVersion(empty, new byte[0]);
    String unverified = "projects/" + PROJECT + "/secrets/old-cmek";
    sm.createSecret(unverified);
    sm.addVersionWithoutChecksum(unverified, "no checksum".getBytes(UTF_8));
    sm.projectNumber(PROJECT, 123456789012L);
    Map<String, String> references = new LinkedHashMap<>();
    references.put("BERGLAS_LATEST", "sm://" + PROJECT + "/db-pass");
    references.put("BERGLAS_PINNED", "sm://" + PROJECT + "/db-pass#1");
    references.put("GLOBAL_LATEST", "gcp-sm://" + GLOBAL + "/versions/latest");
    references.put("REGIONAL_FIELD", "gcp-sm://" + REGIONAL + "/versions/1#password");
    references.put("REGIONAL_OTHER_FIELD", "gcp-sm://" + REGIONAL + "/versions/1#user");
    references.put("BINARY", "gcp-sm://" + binary + "/versions/1");
    references.put("EMPTY", "gcp-sm://" + empty + "/versions/1");
    references.put("UNVERIFIED", "gcp-sm://" + unverified + "/versions/1");

    Map<String, String> lean = values(lean(emulatorHost()), references);
    Map<String, String> official = values(official(emulatorHost()), references);

    assertThat(official).isEqualTo(lean);
    assertThat(lean).containsEntry("BERGLAS_LATEST", hex("global-v2")).containsEntry("BERGLAS_PINNED",
        hex("global-v1")).containsEntry("REGIONAL_FIELD", hex("regional-v1"))
        .containsEntry("BINARY", HexFormat.of().formatHex(bytes)).containsEntry("EMPTY", "");
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void resolve_sameEmulatorFault_failsAlikeOnBothTransports(Fault fault) {
    String reference = "gcp-sm://" + REGIONAL + "/versions/1#password";

    fault.apply.accept(sm.knobs());
    Failure lean = failure(lean(emulatorHost()), reference);
    sm.knobs().reset();
    fault.apply.accept(sm.knobs());
    Failure official = failure(official(emulatorHost()), reference);

    assertThat(describe(official)).isEqualTo(describe(lean));
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void resolve_sameVersionState_failsAlikeOnBothTransports(State state) {
    state.apply.accept(sm);

    Failure lean = failure(lean(emulatorHost()), state.reference);
    Failure official = failure(official(emulatorHost()), state.reference);

    assertThat(describe(official)).isEqualTo(describe(lean));
  }

  @Test
  void resolve_disabledVersion_readsAsFailedPreconditionWithTheEnableFixOnBoth() {
    sm.disable(GLOBAL, 1);
    String reference = "gcp-sm://" + GLOBAL + "/versions/1";

    assertThat(describe(failure(official(emulatorHost()), reference)))
        .isEqualTo(describe(failure(lean(emulatorHost()), reference)))
        .contains("FAILED_PRECONDITION", "version 1 is disabled", "gcloud secrets versions enable 1");
  }

  @Test
  void access_slowerThanItsTimeout_failsAlikeAtTheTimeoutOnBothTransports() throws Exception {
    sm.knobs().latency(Duration.ofSeconds(4));
    SecretManagerTransport.Request request = new SecretManagerTransport.Request(REGIONAL + "/versions/1",
        Optional.of("europe-west1"), OptionalLong.of(1));

    SourceException lean = failure(lean(emulatorHost()).transport(), request, Duration.ofMillis(800));
    SourceException official = failure(official(emulatorHost()).transport(), request, Duration.ofMillis(800));

    assertThat(official.getMessage()).isEqualTo(lean.getMessage()).isEqualTo("Secret Manager did not answer for "
        + REGIONAL + "/versions/1 before the start-up deadline");
    assertThat(official.step()).isEqualTo(lean.step()).isEqualTo(Step.FETCH);
    assertThat(official.isRetryable()).isEqualTo(lean.isRetryable()).isTrue();
    assertThat(official.hint()).isEqualTo(lean.hint());
  }

  /**
   * Past the start-up deadline the resolver reports the deadline, with the source's own timeout as the last error
   * when it came in time: which does depends on scheduling, so the comparison leaves that part out.
   */
  @Test
  void resolve_slowerThanTheDeadline_failsAlikeAtTheDeadlineOnBothTransports() {
    ResolverSettings tight = ResolverSettings.builder().deadline(Duration.ofMillis(1500)).maxAttempts(1).build();
    sm.knobs().latency(Duration.ofSeconds(4));
    String reference = "gcp-sm://" + REGIONAL + "/versions/1";

    String lean = describe(failure(lean(emulatorHost()), reference, tight)).replaceAll("; last error: [^)]*", "");
    String official = describe(failure(official(emulatorHost()), reference, tight))
        .replaceAll("; last error: [^)]*", "");

    assertThat(official).isEqualTo(lean).contains("step=FETCH", "retryable=true",
        "did not finish within the 1500 ms start-up deadline");
  }

  @Test
  void resolve_payloadOverTheLimit_failsAlikeOnBothTransports() {
    GcpSettings small = GcpSettings.builder().maxObjectBytes(1024).build();
    String justOver = "projects/" + PROJECT + "/secrets/just-over";
    String farOver = "projects/" + PROJECT + "/secrets/far-over";
    sm.createSecret(justOver);
    sm.addVersion(justOver, new byte[1025]);
    sm.createSecret(farOver);
    sm.addVersion(farOver, new byte[64 * 1024]);

    for (String secret : List.of(justOver, farOver)) {
      String reference = "gcp-sm://" + secret + "/versions/1";
      String lean = describe(failure(LeanSecretManagerComponent.of(variables(emulatorHost()), small), reference,
          SETTINGS));
      String official = describe(failure(track(OfficialSecretManagerComponent.of(variables(emulatorHost()),
          small)), reference, SETTINGS));

      assertThat(official).isEqualTo(lean).contains("step=DECODE", "retryable=false",
          "larger than the 1024-byte limit", "GcpSettings.maxObjectBytes");
    }
  }

  @Test
  void resolve_nonJson503FromAProxy_failsAlikeOnBothTransports() {
    try (HttpEmulator proxy = HttpEmulator.start("html-503", service(request ->
        Reply.bytes(503, "text/html", "<html>Service Unavailable</html>".getBytes(UTF_8))))) {
      String host = proxy.endpoint().substring("http://".length());
      String reference = "gcp-sm://" + REGIONAL + "/versions/1";

      assertThat(describe(failure(official(host), reference)))
          .isEqualTo(describe(failure(lean(host), reference)))
          .contains("Secret Manager answered UNAVAILABLE for " + REGIONAL, "after 3 attempts");
    }
  }

  @Test
  void resolve_answerForAnotherVersionOrSecret_failsAlikeOnBothTransports() {
    for (String answered : List.of(REGIONAL + "/versions/2", "projects/" + PROJECT + "/secrets/other/versions/1")) {
      String body = "{\"name\":\"" + answered + "\",\"payload\":{\"data\":\"" + Base64.getEncoder()
          .encodeToString("x".getBytes(UTF_8)) + "\"}}";
      try (HttpEmulator impostor = HttpEmulator.start("impostor", service(request ->
          Reply.bytes(200, "application/json", body.getBytes(UTF_8))))) {
        String host = impostor.endpoint().substring("http://".length());
        String reference = "gcp-sm://" + REGIONAL + "/versions/1";

        assertThat(describe(failure(official(host), reference)))
            .isEqualTo(describe(failure(lean(host), reference)))
            .contains("retryable=true");
      }
    }
  }

  private String emulatorHost() {
    return sm.endpoint().substring("http://".length());
  }

  private static Map<String, String> variables(String host) {
    return Map.of(GcpSettings.SECRET_MANAGER_EMULATOR_HOST, host);
  }

  private static LeanSecretManagerComponent lean(String host) {
    LeanSecretManagerComponent component = LeanSecretManagerComponent.of(variables(host));
    assertThat(component.transport().getClass().getSimpleName()).isEqualTo("LeanSecretManagerTransport");
    return component;
  }

  private OfficialSecretManagerComponent official(String host) {
    OfficialSecretManagerComponent component = track(OfficialSecretManagerComponent.of(variables(host)));
    assertThat(component.transport()).isInstanceOf(OfficialSecretManagerTransport.class);
    return component;
  }

  private OfficialSecretManagerComponent track(OfficialSecretManagerComponent component) {
    officials.add(component);
    return component;
  }

  private static HttpEmulator.Service service(Function<RecordedRequest, Reply> answer) {
    return new HttpEmulator.Service() {
      @Override
      public Reply serve(RecordedRequest request) {
        return answer.apply(request);
      }

      @Override
      public Reply failure(RecordedRequest request, int httpStatus) {
        return Reply.empty(httpStatus);
      }
    };
  }

  /** Each variable's value, in hex (binary secrets), as the resolver injects it. */
  private static Map<String, String> values(SecretManagerComponent component, Map<String, String> references) {
    List<SecretDeclaration> declarations = references.keySet().stream().map(SecretDeclaration::required).toList();
    ResolvedSecrets secrets = SecretResolver.create(component.syntaxes(), component.sources(), SETTINGS)
        .resolve(declarations, Environment.of(references));
    Map<String, String> values = new LinkedHashMap<>();
    for (String variable : references.keySet()) {
      byte[] value = secrets.get(variable).revealBytes();
      values.put(variable, HexFormat.of().formatHex(value));
      Arrays.fill(value, (byte) 0);
    }
    return values;
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(text.getBytes(UTF_8));
  }

  private static Failure failure(SecretManagerComponent component, String reference) {
    return failure(component, reference, SETTINGS);
  }

  private static Failure failure(SecretManagerComponent component, String reference, ResolverSettings settings) {
    try {
      SecretResolver.create(component.syntaxes(), component.sources(), settings)
          .resolve(List.of(SecretDeclaration.required("DB_PASS")), Environment.of(Map.of("DB_PASS", reference)));
    } catch (SecretResolutionException e) {
      assertThat(e.failures()).hasSize(1);
      return e.failures().get(0);
    }
    throw new AssertionError("the start-up succeeded");
  }

  private static SourceException failure(SecretManagerTransport transport, SecretManagerTransport.Request request,
      Duration timeout) throws InterruptedException {
    try {
      transport.access(request, timeout);
    } catch (SourceException e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }

  /** Everything a user reads of a failure. */
  private static String describe(Failure failure) {
    return "step=" + failure.step() + "; retryable=" + failure.isRetryable() + "; cause=" + failure.cause()
        + "; hint=" + failure.hint().orElse("-");
  }
}
