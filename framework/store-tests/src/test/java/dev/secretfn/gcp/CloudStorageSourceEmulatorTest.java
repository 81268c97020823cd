package dev.secretfn.gcp;

import static dev.secretfn.gcp.GcpTestbed.BUCKET;
import static dev.secretfn.stores.SourceTestbed.onlyFailure;
import static dev.secretfn.stores.SourceTestbed.startupFails;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.Step;
import dev.secretfn.stores.DaggerObjectStoreFunction_Gcs;
import dev.secretfn.stores.ObjectStoreFunction;
import dev.secretfn.stores.SourceTestbed;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Cloud Storage source on the real google-cloud-storage HTTP client, against the emulator: what only Cloud
 * Storage does (gzip-stored objects, encoded object names, the JDK client's resend). What every object store does
 * alike is in {@link dev.secretfn.stores.ObjectStoreSourceTest}.
 */
class CloudStorageSourceEmulatorTest {
  private GcpTestbed testbed;

  @BeforeEach
  void start() {
    testbed = new GcpTestbed();
  }

  @AfterEach
  void stop() {
    testbed.close();
  }

  private ObjectStoreFunction function(Map<String, String> references) {
    return function(references, GcpSettings.defaults());
  }

  private ObjectStoreFunction function(Map<String, String> references, GcpSettings settings) {
    return testbed.track(DaggerObjectStoreFunction_Gcs.factory()
        .create(testbed.deployment(references, settings)));
  }

  private long put(String object, String content) {
    return testbed.gcs.putObject(BUCKET, object, content.getBytes(UTF_8));
  }

  @Test
  void resolve_objectNameWithSlashAndEncodedHash_readsThatObject() {
    String password = testbed.canary("db-pass");
    put("app/db#prod.txt", password);
    ObjectStoreFunction function = function(Map.of("DB_PASS", "gs://" + BUCKET + "/app/db%23prod.txt"));

    assertThat(function.handler().dbPass.revealString()).isEqualTo(password);
    assertThat(testbed.mediaReads()).singleElement().extracting(RecordedRequest::path)
        .isEqualTo("/download/storage/v1/b/" + BUCKET + "/o/app%2Fdb%23prod.txt");
  }

  @Test
  void resolve_gzipStoredObject_injectsTheDecompressedFieldsAndWholeObject() {
    String user = testbed.canary("db-user");
    String password = testbed.canary("db-pass");
    byte[] json = ("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}").getBytes(UTF_8);
    testbed.gcs.putObject(BUCKET, "creds.json", CloudStorageEmulator.gzip(json), Map.of(), "gzip");
    testbed.gcs.putObject(BUCKET, "db-pass.txt", CloudStorageEmulator.gzip(password.getBytes(UTF_8)), Map.of(),
        "gzip");
    ObjectStoreFunction fields = function(Map.of(
        "DB_USER", "gs://" + BUCKET + "/creds.json#username",
        "DB_PASS", "gs://" + BUCKET + "/creds.json#password"));
    ObjectStoreFunction whole = function(Map.of("DB_PASS", "gs://" + BUCKET + "/db-pass.txt"));

    ObjectStoreFunction.Handler handler = fields.handler();

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
    ObjectStoreFunction function = function(Map.of("DB_PASS", "gs://" + BUCKET + "/creds.json#password"));

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
    ObjectStoreFunction function = function(Map.of("DB_PASS", "gs://" + BUCKET + "/db-pass.txt"));

    assertThat(function.handler().dbPass.revealString()).isEqualTo(password);
    // The JDK's HttpURLConnection resends a GET once by itself after an empty answer; the second drop reaches
    // the resolver as a transport error, which it retries.
    assertThat(testbed.mediaReads()).hasSize(3);
  }
}
