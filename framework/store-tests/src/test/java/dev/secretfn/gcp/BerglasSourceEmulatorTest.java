package dev.secretfn.gcp;

import static dev.secretfn.gcp.GcpTestbed.BERGLAS_METADATA;
import static dev.secretfn.gcp.GcpTestbed.BUCKET;
import static dev.secretfn.gcp.GcpTestbed.KEY;
import static dev.secretfn.gcp.GcpTestbed.jsonMember;
import static dev.secretfn.stores.SourceTestbed.onlyFailure;
import static dev.secretfn.stores.SourceTestbed.startupFails;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dagger.Component;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretVar;
import dev.secretfn.Step;
import dev.secretfn.gcp.storage.BerglasModule;
import dev.secretfn.stores.SourceTestbed;
import dev.secretfn.stores.TestComponent;
import dev.secretfn.stores.TestDeployment;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Berglas source on both real clients, against both emulators, with secrets made as the Go tool makes them. */
class BerglasSourceEmulatorTest {
  private static final String OBJECT = "weather/api-key";
  private static final String REFERENCE = "berglas://" + BUCKET + "/" + OBJECT;

  @SecretDeclarations
  interface Secrets {
    @SecretVar("API_KEY") Secret apiKey();
  }

  static final class Handler {
    final Secret apiKey;

    @Inject
    Handler(@SecretVar("API_KEY") Secret apiKey) {
      this.apiKey = apiKey;
    }
  }

  @Singleton
  @Component(modules = {BerglasSourceEmulatorTest_SecretsModule.class, BerglasModule.class, TestDeployment.class})
  interface Function extends TestComponent {
    Handler handler();

    @Component.Factory
    interface Factory {
      Function create(TestDeployment deployment);
    }
  }

  private GcpTestbed testbed;

  @BeforeEach
  void start() {
    testbed = new GcpTestbed();
  }

  @AfterEach
  void stop() {
    testbed.close();
  }

  private Function function(String reference) {
    return function(reference, GcpSettings.defaults());
  }

  private Function function(String reference, GcpSettings settings) {
    return testbed.track(DaggerBerglasSourceEmulatorTest_Function.factory()
        .create(testbed.deployment(Map.of("API_KEY", reference), settings)));
  }

  private String body(String aadObjectName, String plaintext) {
    return testbed.berglasBody(aadObjectName, plaintext.getBytes(UTF_8)).text();
  }

  private long put(String body, Map<String, String> metadata) {
    return testbed.gcs.putObject(BUCKET, OBJECT, body.getBytes(UTF_8), metadata);
  }

  @Test
  void resolve_secretMadeLikeTheGoTool_injectsPlaintextWithThreeRequests() throws Exception {
    String apiKey = testbed.canary("api-key");
    long generation = put(body(OBJECT, apiKey), BERGLAS_METADATA);
    Function function = function(REFERENCE);

    Handler handler = function.handler();

    assertThat(handler.apiKey.revealString()).isEqualTo(apiKey);
    assertThat(testbed.gcs.requests()).hasSize(2);
    assertThat(testbed.metadataReads()).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/storage/v1/b/" + BUCKET + "/o/weather%2Fapi-key");
      assertThat(r.queryParameter("generation")).isEmpty();
    });
    assertThat(testbed.mediaReads()).singleElement().satisfies(r -> {
      assertThat(r.path()).endsWith("/o/weather%2Fapi-key");
      assertThat(r.queryParameter("generation")).contains(String.valueOf(generation));
    });
    assertThat(testbed.decrypts()).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/v1/" + KEY + ":decrypt");
      assertThat(jsonMember(r.bodyUtf8(), "additionalAuthenticatedData"))
          .isEqualTo(Base64.getEncoder().encodeToString(OBJECT.getBytes(UTF_8)));
    });
    testbed.assertNoCanaryIn(handler.apiKey, function.secrets(), function.sources());
  }

  @Test
  void resolve_secretStoredGzipCompressed_injectsPlaintext() throws Exception {
    String apiKey = testbed.canary("api-key");
    testbed.gcs.putObject(BUCKET, OBJECT, CloudStorageEmulator.gzip(body(OBJECT, apiKey).getBytes(UTF_8)),
        BERGLAS_METADATA, "gzip");
    Function function = function(REFERENCE);

    Handler handler = function.handler();

    assertThat(handler.apiKey.revealString()).isEqualTo(apiKey);
    assertThat(testbed.gcs.requests()).hasSize(2);
    assertThat(testbed.decrypts()).hasSize(1);
    testbed.assertNoCanaryIn(handler.apiKey, function.secrets(), function.sources());
  }

  @Test
  void resolve_newGenerationWrittenBetweenMetadataAndBody_readsTheMetadataGeneration() throws Exception {
    String before = testbed.canary("before");
    long generation = put(body(OBJECT, before), BERGLAS_METADATA);
    String rotated = body(OBJECT, testbed.canary("rotated"));
    // Once the body request has arrived, and while its answer is held back, the secret is rotated (as
    // `berglas update` does): a body read of the live generation would now get the rotated secret.
    testbed.gcs.knobs().latency(Duration.ofMillis(100));
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    CompletableFuture<Void> rotation = CompletableFuture.runAsync(() -> {
      while (testbed.mediaReads().isEmpty()) {
        if (System.nanoTime() > giveUp) {
          throw new IllegalStateException("no body request arrived");
        }
        Thread.onSpinWait();
      }
      put(rotated, BERGLAS_METADATA);
    });
    Function function = function(REFERENCE);

    Handler handler = function.handler();

    rotation.get(2, TimeUnit.SECONDS);
    assertThat(handler.apiKey.revealString()).isEqualTo(before);
    assertThat(testbed.mediaReads()).singleElement()
        .satisfies(r -> assertThat(r.queryParameter("generation")).contains(String.valueOf(generation)));
  }

  @Test
  void resolve_explicitOlderGeneration_readsThatVersion() throws Exception {
    String old = testbed.canary("old");
    long generation = put(body(OBJECT, old), BERGLAS_METADATA);
    put(body(OBJECT, testbed.canary("new")), BERGLAS_METADATA);
    Function function = function(REFERENCE + "#" + generation);

    assertThat(function.handler().apiKey.revealString()).isEqualTo(old);
    assertThat(testbed.gcs.requests()).hasSize(2)
        .allSatisfy(r -> assertThat(r.queryParameter("generation")).contains(String.valueOf(generation)));
  }

  @Test
  void resolve_objectWithoutBerglasMetadata_failsAtDecodeWithoutCallingKms() throws Exception {
    put(body(OBJECT, testbed.canary("api-key")), Map.of());
    Function function = function(REFERENCE);

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECODE);
    assertThat(failure.cause()).contains(REFERENCE, "is not a Berglas secret", "berglas-secret=1",
        "berglas-kms-key");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.gcs.requests()).hasSize(1);
    assertThat(testbed.kms.requests()).isEmpty();
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_missingSecret_failsAtFetchNamingIt() {
    Function function = function(REFERENCE);

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.FETCH);
    assertThat(failure.cause()).contains(REFERENCE, "no such object or generation");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.gcs.requests()).hasSize(1);
  }

  @Test
  void resolve_tamperedBody_failsAtDecryptWithoutRetry() throws Exception {
    String body = body(OBJECT, testbed.canary("api-key"));
    int colon = body.indexOf(':');
    byte[] sealed = Base64.getDecoder().decode(body.substring(colon + 1));
    sealed[sealed.length - 1] ^= 0x01;
    put(body.substring(0, colon + 1) + Base64.getEncoder().encodeToString(sealed), BERGLAS_METADATA);
    Function function = function(REFERENCE);

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECRYPT);
    assertThat(failure.cause()).contains(REFERENCE, "AES-GCM tag does not verify");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.decrypts()).hasSize(1);
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_dataKeyWrappedForAnotherObjectName_failsAtDecryptNamingTheKey() throws Exception {
    put(body("weather/other-key", testbed.canary("api-key")), BERGLAS_METADATA);
    Function function = function(REFERENCE);

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECRYPT);
    assertThat(failure.cause()).contains("INVALID_ARGUMENT", KEY, "other additional authenticated data");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.decrypts()).hasSize(1);
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_truncatedEnvelope_failsAtDecodeWithoutCallingKms() throws Exception {
    String body = body(OBJECT, testbed.canary("api-key"));
    // Cut inside the sealed part, on a base64 boundary: what is left is shorter than a nonce and a tag.
    put(body.substring(0, body.indexOf(':') + 1 + 32), BERGLAS_METADATA);
    Function function = function(REFERENCE);

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECODE);
    assertThat(failure.cause()).contains(REFERENCE, "is not a Berglas secret", "truncated");
    assertThat(testbed.kms.requests()).isEmpty();
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_metadataKeyWithVersionSuffix_decryptsWithItsCryptoKey() throws Exception {
    String apiKey = testbed.canary("api-key");
    put(body(OBJECT, apiKey), Map.of("berglas-kms-key", KEY + "/cryptoKeyVersions/1", "berglas-secret", "1"));
    Function function = function(REFERENCE);

    assertThat(function.handler().apiKey.revealString()).isEqualTo(apiKey);
    assertThat(testbed.decrypts()).singleElement().extracting(RecordedRequest::path)
        .isEqualTo("/v1/" + KEY + ":decrypt");
  }

  @Test
  void resolve_objectDenied_failsWithObjectViewerHintNamingTheBucket() throws Exception {
    put(body(OBJECT, testbed.canary("api-key")), BERGLAS_METADATA);
    testbed.gcs.knobs().deny(BUCKET + "/" + OBJECT);
    Function function = function(REFERENCE);

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.FETCH);
    assertThat(failure.cause()).contains("HTTP 403", REFERENCE);
    assertThat(failure.hint()).get().asString().contains("roles/storage.objectViewer on gs://" + BUCKET + " ");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.kms.requests()).isEmpty();
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_secretOverLimit_failsAtDecodeWithoutDownloadingIt() throws Exception {
    put(body(OBJECT, testbed.canary("api-key")), BERGLAS_METADATA);
    Function function = function(REFERENCE, GcpSettings.builder().maxObjectBytes(64).build());

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECODE);
    assertThat(failure.cause()).contains(REFERENCE, "64-byte limit");
    assertThat(testbed.metadataReads()).hasSize(1);
    assertThat(testbed.mediaReads()).isEmpty();
    assertThat(testbed.kms.requests()).isEmpty();
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_transientFailuresOfBothServices_retriedAndInjects() throws Exception {
    String apiKey = testbed.canary("api-key");
    put(body(OBJECT, apiKey), BERGLAS_METADATA);
    testbed.gcs.knobs().failNext(1, 503);
    testbed.kms.knobs().corruptNextChecksum(1);
    Function function = function(REFERENCE);

    assertThat(function.handler().apiKey.revealString()).isEqualTo(apiKey);
    // Each attempt starts over: metadata (503), then metadata, body and unwrap (bad checksum), then all three.
    assertThat(testbed.metadataReads()).hasSize(3);
    assertThat(testbed.mediaReads()).hasSize(2);
    assertThat(testbed.decrypts()).hasSize(2);
  }
}
