package dev.secretfn.stores;

import static dev.secretfn.stores.StoreLeakAuditTest.SHORT;
import static dev.secretfn.stores.StoreLeakAuditTest.VAR;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.secretfn.SecretDeclaration;
import dev.secretfn.Step;
import dev.secretfn.gcp.GcpTestbed;
import dev.secretfn.stores.StoreLeakAuditTest.Case;
import dev.secretfn.stores.StoreLeakAuditTest.HappyPath;
import dev.secretfn.stores.StoreLeakAuditTest.Resolution;
import dev.secretfn.stores.StoreLeakAuditTest.Scenario;
import dev.secretfn.testing.CanaryAudit;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * Secret Manager's side of {@link StoreLeakAuditTest} ({@code sm://} and {@code gcp-sm://}, on both transports):
 * failures with a canary in the secret or in the reference, and the happy path of both forms.
 */
final class SecretManagerLeakScenarios extends LeakFixture {
  private static final String SECRET = "projects/secretfn-it/locations/us-east1/secrets/app";
  private static final String GLOBAL = "projects/secretfn-it/secrets/app";

  final GcpTestbed testbed = new GcpTestbed();

  SecretManagerLeakScenarios(CanaryAudit audit) {
    super(audit);
  }

  @Override
  SourceTestbed testbed() {
    return testbed;
  }

  @Override
  Map<String, String> ciphertextEnvironment() {
    return Map.of();
  }

  static Stream<Named<Scenario<?>>> failures() {
    return Stream.of(
        scenario("permission denied", Step.FETCH, t -> {
          t.put(SECRET, t.canary("sm-denied"));
          t.testbed.sm.knobs().deny(SECRET);
          return Case.of(t.reference(""));
        }),
        scenario("secret not found", Step.FETCH, t -> {
          t.put(SECRET + "-other", t.canary("sm-other"));
          return Case.of(t.reference(""));
        }),
        scenario("version not found", Step.FETCH, t -> {
          t.put(SECRET, t.canary("sm-version"));
          return Case.of("gcp-sm://" + SECRET + "/versions/2");
        }),
        scenario("disabled version", Step.FETCH, t -> {
          t.put(SECRET, t.canary("sm-disabled"));
          t.testbed.sm.disable(SECRET, 1);
          return Case.of(t.reference(""));
        }),
        scenario("latest is a disabled version (sm://)", Step.FETCH, t -> {
          t.put(GLOBAL, t.canary("sm-latest-disabled"));
          t.testbed.sm.addVersion(GLOBAL, t.canary("sm-latest-disabled-2").getBytes(UTF_8));
          t.testbed.sm.disable(GLOBAL, 2);
          return Case.of("sm://secretfn-it/app");
        }),
        scenario("oversized payload", Step.DECODE, t -> {
          t.put(SECRET, t.canary("sm-big").repeat(4000));
          return Case.of(t.reference(""));
        }),
        scenario("checksum mismatch", Step.VERIFY, t -> {
          t.put(SECRET, "{\"password\":\"" + t.canary("sm-crc") + "\"}");
          t.testbed.sm.knobs().corruptNextChecksum(1000);
          return Case.of(t.reference("#password"));
        }),
        scenario("bad JSON", Step.SELECT_FIELD, t -> {
          t.put(SECRET, "{\"password\":\"" + t.canary("sm-badjson") + "\" \"user\":1}");
          return Case.of(t.reference("#password"));
        }),
        scenario("missing field", Step.SELECT_FIELD, t -> {
          t.put(SECRET, "{\"username\":\"" + t.canary("sm-nofield") + "\"}");
          return Case.of(t.reference("#password"));
        }),
        scenario("field not a string", Step.SELECT_FIELD, t -> {
          t.put(SECRET, "{\"password\":{\"value\":\"" + t.canary("sm-nested") + "\"}}");
          return Case.of(t.reference("#password"));
        }),
        scenario("non-UTF-8 payload injected as text", Step.DECODE, t -> {
          t.testbed.sm.createSecret(SECRET);
          t.testbed.sm.addVersion(SECRET, concat(t.canary("sm-binary").getBytes(UTF_8), new byte[] {(byte) 0xff}));
          return Case.of(t.reference("")).with(SecretDeclaration.required(VAR).text());
        }),
        scenario("Berglas destination holding a plaintext", Step.PARSE_REFERENCE, t -> Case.of(
            "sm://secretfn-it/app?destination=/tmp/" + t.canary("sm-destination"))),
        scenario("Berglas fragment holding a plaintext", Step.PARSE_REFERENCE, t -> Case.of(
            "sm://secretfn-it/app#" + t.canary("sm-fragment"))),
        scenario("resource name holding a plaintext", Step.PARSE_REFERENCE, t -> Case.of(
            "gcp-sm://projects/secretfn-it/secrets/" + t.canary("sm-name") + "!/versions/1")),
        Named.of("GCP SM: deadline", new Scenario<>(EnumSet.of(Step.FETCH), SecretManagerLeakScenarios::new, t -> {
          t.put(SECRET, t.canary("sm-deadline"));
          t.testbed.sm.knobs().latency(Duration.ofSeconds(2));
          return Case.of(t.reference("")).with(SHORT);
        })));
  }

  static Stream<Named<HappyPath<?>>> happyPaths() {
    return Stream.of(Named.of("GCP SM: both forms", new HappyPath<>(SecretManagerLeakScenarios::new, t -> {
      String field = t.canary("sm-field-ok");
      String berglas = t.canary("sm-berglas-ok");
      t.put(SECRET, "{\"password\":\"" + field + "\"}");
      t.put(GLOBAL, berglas);
      return new Resolution(
          Map.of("FIELD", t.reference("#password"), "BERGLAS", "sm://secretfn-it/app#1",
              "LATEST", "sm://secretfn-it/app"),
          List.of(SecretDeclaration.required("FIELD").text(), SecretDeclaration.required("BERGLAS"),
              SecretDeclaration.required("LATEST")),
          Map.of("FIELD", field, "BERGLAS", berglas, "LATEST", berglas));
    })));
  }

  private static Named<Scenario<?>> scenario(String name, Step step,
      Function<SecretManagerLeakScenarios, Case> setup) {
    return Named.of("GCP SM: " + name, new Scenario<>(EnumSet.of(step), SecretManagerLeakScenarios::new, setup));
  }

  private String reference(String fragment) {
    return "gcp-sm://" + SECRET + "/versions/1" + fragment;
  }

  private void put(String secret, String content) {
    testbed.sm.createSecret(secret);
    testbed.sm.addVersion(secret, content.getBytes(UTF_8));
  }
}
