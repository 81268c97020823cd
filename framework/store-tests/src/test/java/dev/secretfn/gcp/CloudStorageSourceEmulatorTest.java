package dev.secretfn.gcp;

import static dev.secretfn.gcp.GcpTestbed.BUCKET;
import static dev.secretfn.stores.SourceTestbed.onlyFailure;
import static dev.secretfn.stores.SourceTestbed.startupFails;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dagger.Component;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretVar;
import dev.secretfn.Step;
import dev.secretfn.gcp.storage.CloudStorageModule;
import dev.secretfn.stores.SourceTestbed;
import dev.secretfn.stores.TestComponent;
import dev.secretfn.stores.TestDeployment;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cloud Storage source on the real google-cloud-storage HTTP client, against the emulator. */
class CloudStorageSourceEmulatorTest {
  @SecretDeclarations
  interface Secrets {
    @SecretVar("DB_PASS") Secret dbPass();

    @SecretVar("DB_USER") Optional<String> dbUser();
  }

  static final class Handler {
    final Secret dbPass;
    final Optional<String> dbUser;

    @Inject
    Handler(@SecretVar("DB_PASS") Secret dbPass, @SecretVar("DB_USER") Optional<String> dbUser) {
      this.dbPass = dbPass;
      this.dbUser = dbUser;
    }
  }

  @Singleton
  @Component(modules = {CloudStorageSourceEmulatorTest_SecretsModule.class, CloudStorageModule.class,
      TestDeployment.class})
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

  private Function function(Map<String, String> references) {
    return function(references, GcpSettings.defaults());
  }

  private Function function(Map<String, String> references, GcpSettings settings) {
    return testbed.track(DaggerCloudStorageSourceEmulatorTest_Function.factory()
        .create(testbed.deployment(references, settings)));
  }

  private long put(String object, String content) {
    return testbed.gcs.putObject(BUCKET, object, content.getBytes(UTF_8));
  }

  @Test
  void resolve_wholeObject_injectsItsBytesFromOneRangedDownload() {
    String password = testbed.canary("db-pass");
    put("db-pass.txt", password);
    Function function = function(Map.of("DB_PASS", "gs://" + BUCKET + "/db-pass.txt"));

    Handler handler = function.handler();

    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(testbed.gcs.requests()).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.path()).isEqualTo("/download/storage/v1/b/" + BUCKET + "/o/db-pass.txt");
      assertThat(r.queryParameter("alt")).contains("media");
      assertThat(r.queryParameter("generation")).isEmpty();
      // Capped at the limit plus one byte, so that an oversized object is seen without reading it whole.
      assertThat(r.header("Range")).contains("bytes=0-" + GcpSettings.DEFAULT_MAX_OBJECT_BYTES);
    });
    testbed.assertNoCanaryIn(handler.dbPass, function.secrets(), function.sources());
  }

  @Test
  void resolve_objectNameWithSlashAndEncodedHash_readsThatObject() {
    String password = testbed.canary("db-pass");
    put("app/db#prod.txt", password);
    Function function = function(Map.of("DB_PASS", "gs://" + BUCKET + "/app/db%23prod.txt"));

    assertThat(function.handler().dbPass.revealString()).isEqualTo(password);
    assertThat(testbed.mediaReads()).singleElement().extracting(RecordedRequest::path)
        .isEqualTo("/download/storage/v1/b/" + BUCKET + "/o/app%2Fdb%23prod.txt");
  }

  @Test
  void resolve_jsonField_injectsThatField() {
    String password = testbed.canary("db-pass");
    put("db.json", "{\"username\":\"orders\",\"password\":\"" + password + "\"}");
    Function function = function(Map.of("DB_PASS", "gs://" + BUCKET + "/db.json#password"));

    Handler handler = function.handler();

    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(testbed.mediaReads()).hasSize(1);
  }

  @Test
  void resolve_twoFieldsOfOneObject_downloadItOnce() {
    String user = testbed.canary("db-user");
    String password = testbed.canary("db-pass");
    put("db.json", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    Function function = function(Map.of(
        "DB_USER", "gs://" + BUCKET + "/db.json#username",
        "DB_PASS", "gs://" + BUCKET + "/db.json#password"));

    Handler handler = function.handler();

    assertThat(handler.dbUser).contains(user);
    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(testbed.gcs.requests()).hasSize(1);
    assertThat(testbed.mediaReads()).hasSize(1);
    testbed.assertNoCanaryIn(handler.dbPass, function.secrets());
  }

  @Test
  void resolve_generationPin_readsThatGenerationAfterANewerPut() {
    String old = testbed.canary("old");
    long generation = put("db-pass.txt", old);
    put("db-pass.txt", testbed.canary("new"));
    Function function = function(Map.of("DB_PASS", "gs://" + BUCKET + "/db-pass.txt?generation=" + generation));

    assertThat(function.handler().dbPass.revealString()).isEqualTo(old);
    assertThat(testbed.mediaReads()).singleElement()
        .satisfies(r -> assertThat(r.queryParameter("generation")).contains(String.valueOf(generation)));
  }

  @Test
  void resolve_missingGeneration_fails404WithoutRetry() {
    long generation = put("db-pass.txt", testbed.canary("db-pass"));
    String reference = "gs://" + BUCKET + "/db-pass.txt?generation=" + (generation + 1);
    Function function = function(Map.of("DB_PASS", reference));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.reference()).contains(reference);
    assertThat(failure.step()).isEqualTo(Step.FETCH);
    assertThat(failure.cause()).contains("HTTP 404", reference, "no such object or generation");
    assertThat(failure.hint()).get().asString().contains("pinned generation");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.gcs.requests()).hasSize(1);
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_objectOverLimit_failsAtDecodeAfterReadingOnlyLimitPlusOneByte() {
    ByteArrayOutputStream big = new ByteArrayOutputStream();
    while (big.size() < 64 * 1024) {
      big.writeBytes((testbed.canary("big") + "\n").getBytes(UTF_8));
    }
    testbed.gcs.putObject(BUCKET, "big.txt", big.toByteArray());
    Function function = function(Map.of("DB_PASS", "gs://" + BUCKET + "/big.txt"),
        GcpSettings.builder().maxObjectBytes(1024).build());

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECODE);
    assertThat(failure.cause()).contains("gs://" + BUCKET + "/big.txt", "larger than the 1024-byte limit");
    assertThat(failure.hint()).get().asString().contains("maxObjectBytes");
    assertThat(failure.isRetryable()).isFalse();
    // One request for bytes 0 to 1024: 1025 bytes of a 64 KiB object crossed the wire.
    assertThat(testbed.gcs.requests()).singleElement()
        .satisfies(r -> assertThat(r.header("Range")).contains("bytes=0-1024"));
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_objectExactlyAtLimit_injects() {
    byte[] content = new byte[1024];
    Arrays.fill(content, (byte) 'x');
    testbed.gcs.putObject(BUCKET, "full.txt", content);
    Function function = function(Map.of("DB_PASS", "gs://" + BUCKET + "/full.txt"),
        GcpSettings.builder().maxObjectBytes(1024).build());

    assertThat(function.handler().dbPass.revealBytes()).isEqualTo(content);
  }

  @Test
  void resolve_gzipStoredObject_injectsTheDecompressedFieldsAndWholeObject() {
    String user = testbed.canary("db-user");
    String password = testbed.canary("db-pass");
    byte[] json = ("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}").getBytes(UTF_8);
    testbed.gcs.putObject(BUCKET, "creds.json", CloudStorageEmulator.gzip(json), Map.of(), "gzip");
    testbed.gcs.putObject(BUCKET, "db-pass.txt", CloudStorageEmulator.gzip(password.getBytes(UTF_8)), Map.of(),
        "gzip");
    Function fields = function(Map.of(
        "DB_USER", "gs://" + BUCKET + "/creds.json#username",
        "DB_PASS", "gs://" + BUCKET + "/creds.json#password"));
    Function whole = function(Map.of("DB_PASS", "gs://" + BUCKET + "/db-pass.txt"));

    Handler handler = fields.handler();

    assertThat(handler.dbUser).contains(user);
    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(whole.handler().dbPass.revealString()).isEqualTo(password);
    // Served as stored (the client accepts gzip), once per object.
    assertThat(testbed.mediaReads()).hasSize(2)
        .allSatisfy(r -> assertThat(r.header("Accept-Encoding")).contains("gzip"));
    testbed.assertNoCanaryIn(handler.dbPass, fields.secrets(), whole.secrets());
  }

  @Test
  void resolve_gzipStoredObject_limitAppliesToTheDecompressedBytes() {
    byte[] atLimit = new byte[1024];
    Arrays.fill(atLimit, (byte) 'x');
    testbed.gcs.putObject(BUCKET, "full.txt", CloudStorageEmulator.gzip(atLimit), Map.of(), "gzip");
    testbed.gcs.putObject(BUCKET, "over.txt", CloudStorageEmulator.gzip(Arrays.copyOf(atLimit, 1025)), Map.of(),
        "gzip");
    GcpSettings limit = GcpSettings.builder().maxObjectBytes(1024).build();

    assertThat(function(Map.of("DB_PASS", "gs://" + BUCKET + "/full.txt"), limit).handler().dbPass.revealBytes())
        .isEqualTo(atLimit);
    Failure failure = onlyFailure(startupFails(
        function(Map.of("DB_PASS", "gs://" + BUCKET + "/over.txt"), limit)::handler));
    assertThat(failure.step()).isEqualTo(Step.DECODE);
    assertThat(failure.cause()).contains("gs://" + BUCKET + "/over.txt",
        "decompresses (content encoding gzip) to more than the 1024-byte limit");
    assertThat(failure.isRetryable()).isFalse();
  }

  @Test
  void resolve_objectWithAnotherContentEncoding_failsAtDecodeSayingWhyAndWhatToDo() {
    String password = testbed.canary("db-pass");
    testbed.gcs.putObject(BUCKET, "creds.json", ("{\"password\":\"" + password + "\"}").getBytes(UTF_8),
        Map.of(), "br");
    Function function = function(Map.of("DB_PASS", "gs://" + BUCKET + "/creds.json#password"));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECODE);
    assertThat(failure.cause()).contains("gs://" + BUCKET + "/creds.json", "content encoding 'br'",
        "cannot decode");
    assertThat(failure.hint()).get().asString().contains("re-upload the object", "without a content encoding");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.gcs.requests()).hasSize(1);
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_twoDroppedConnections_retriedAndInjects() {
    String password = testbed.canary("db-pass");
    put("db-pass.txt", password);
    testbed.gcs.knobs().resetNext(2);
    Function function = function(Map.of("DB_PASS", "gs://" + BUCKET + "/db-pass.txt"));

    assertThat(function.handler().dbPass.revealString()).isEqualTo(password);
    // The JDK's HttpURLConnection resends a GET once by itself after an empty answer; the second drop reaches
    // the resolver as a transport error, which it retries.
    assertThat(testbed.mediaReads()).hasSize(3);
  }

  @Test
  void resolve_nonUtf8Payload_injectedAsSecretUnchanged() {
    byte[] payload = nonUtf8Payload(testbed.canary("binary"));
    testbed.gcs.putObject(BUCKET, "key.bin", payload);
    Function function = function(Map.of("DB_PASS", "gs://" + BUCKET + "/key.bin"));

    Secret secret = function.handler().dbPass;

    assertThat(secret.revealBytes()).isEqualTo(payload);
    assertThat(secret.isUtf8()).isFalse();
    testbed.assertNoCanaryIn(secret, function.secrets());
  }

  @Test
  void resolve_fieldOfNonUtf8Payload_failsAtSelectFieldWithoutContent() {
    testbed.gcs.putObject(BUCKET, "key.bin", nonUtf8Payload(testbed.canary("binary")));
    Function function = function(Map.of("DB_PASS", "gs://" + BUCKET + "/key.bin#password"));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.SELECT_FIELD);
    assertThat(failure.reference()).contains("gs://" + BUCKET + "/key.bin#password");
    assertThat(failure.cause()).contains("not valid UTF-8");
    assertThat(failure.isRetryable()).isFalse();
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_nonUtf8PayloadInjectedAsString_failsAtDecodeNamingTheVariableWithoutContent() {
    testbed.gcs.putObject(BUCKET, "key.bin", nonUtf8Payload(testbed.canary("binary")));
    put("db-pass.txt", testbed.canary("db-pass"));
    Function function = function(Map.of(
        "DB_PASS", "gs://" + BUCKET + "/db-pass.txt",
        "DB_USER", "gs://" + BUCKET + "/key.bin"));

    SecretResolutionException e = assertThrows(SecretResolutionException.class, function::handler);

    assertThat(e.failures()).singleElement().satisfies(f -> {
      assertThat(f.variable()).isEqualTo("DB_USER");
      assertThat(f.step()).isEqualTo(Step.DECODE);
      assertThat(f.cause()).contains("not valid UTF-8 text");
    });
    testbed.assertNoCanaryIn(e);
  }

  /**
   * A JSON object whose field holds the canary and then bytes that are not UTF-8 (a lone 0xFF and a truncated
   * two-byte sequence): a field selection that decoded leniently and quoted what it saw would reveal it.
   */
  private static byte[] nonUtf8Payload(String canary) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("{\"password\":\"" + canary).getBytes(UTF_8));
    out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xc3, '"', '}'});
    return out.toByteArray();
  }
}
