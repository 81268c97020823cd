package dev.secretfn.gcp.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gs:// source on the lean transport against the emulator: what the object reader guarantees whichever
 * transport reads (size limit, CRC32C, gzip-stored objects, encodings it cannot decode, cut answers, deadlines),
 * and priming.
 */
class LeanObjectReadTest {
  private static final String BUCKET = "secretfn-lean";
  private static final int LIMIT = GcpSettings.DEFAULT_MAX_OBJECT_BYTES;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final CloudStorageEmulator gcs = CloudStorageEmulator.start();
  private final SecretSource source = source(gcs.endpoint());

  @AfterEach
  void stop() {
    gcs.close();
  }

  private static SecretSource source(String endpoint) {
    return CloudStorageContractComponent.of(Map.of(GcpSettings.STORAGE_EMULATOR_HOST,
        endpoint.substring("http://".length()))).sources().iterator().next();
  }

  private static byte[] fetch(SecretSource source, String object, Duration timeout) throws Exception {
    Secret secret = source.fetch(Fetch.of(new GcsObject(BUCKET, object, OptionalLong.empty(), Optional.empty()),
        List.of("KEY"), timeout, 1));
    return secret.revealBytes();
  }

  private byte[] fetch(String object) throws Exception {
    return fetch(source, object, TIMEOUT);
  }

  private SourceException failure(String object) {
    try {
      fetch(object);
    } catch (SourceException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the fetch succeeded");
  }

  @Test
  void fetch_objectAtTheLimit_returnsItWhole() throws Exception {
    byte[] full = random(LIMIT);
    gcs.putObject(BUCKET, "full", full);

    assertThat(fetch("full")).isEqualTo(full);
  }

  @Test
  void fetch_objectOneByteOverTheLimit_failsAtDecodeAfterOneBoundedRequest() {
    gcs.putObject(BUCKET, "big", new byte[LIMIT + 1]);

    SourceException e = failure("big");

    assertThat(e.step()).isEqualTo(Step.DECODE);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e).hasMessage("gs://" + BUCKET + "/big is larger than the " + LIMIT + "-byte limit");
    assertThat(gcs.requests()).singleElement()
        .satisfies(r -> assertThat(r.header("Range")).contains("bytes=0-" + LIMIT));
  }

  @Test
  void fetch_gzipStoredObjectOverTheLimitAsStored_saysItWasCompressed() {
    gcs.putObject(BUCKET, "zbig", CloudStorageEmulator.gzip(random(LIMIT + 1024)), Map.of(), "gzip");

    assertThat(failure("zbig")).hasMessage("gs://" + BUCKET + "/zbig is larger than the " + LIMIT
        + "-byte limit (as stored, gzip-compressed)");
  }

  @Test
  void fetch_gzipStoredObject_checksTheStoredBytesAndDecompresses() throws Exception {
    byte[] json = "{\"password\":\"p\"}".getBytes(UTF_8);
    gcs.putObject(BUCKET, "z.json", CloudStorageEmulator.gzip(json), Map.of(), "gzip");

    assertThat(fetch("z.json")).isEqualTo(json);

    gcs.knobs().corruptNextChecksum(1);
    SourceException e = failure("z.json");
    assertThat(e.step()).isEqualTo(Step.VERIFY);
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void fetch_corruptedChecksum_failsVerifyRetryably() {
    gcs.putObject(BUCKET, "c.txt", "value".getBytes(UTF_8));
    gcs.knobs().corruptNextChecksum(1);

    SourceException e = failure("c.txt");

    assertThat(e.step()).isEqualTo(Step.VERIFY);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e).hasMessage("the content Cloud Storage returned for gs://" + BUCKET
        + "/c.txt failed its CRC32C check (corrupted in transit)");
  }

  @Test
  void fetch_gzipBomb_failsAtDecodeWithinTheLimit() {
    gcs.putObject(BUCKET, "bomb", CloudStorageEmulator.gzip(new byte[LIMIT * 16]), Map.of(), "gzip");

    SourceException e = failure("bomb");

    assertThat(e.step()).isEqualTo(Step.DECODE);
    assertThat(e).hasMessage("gs://" + BUCKET + "/bomb decompresses (content encoding gzip) to more than the "
        + LIMIT + "-byte limit");
  }

  @Test
  void fetch_damagedGzip_failsAtDecode() {
    gcs.putObject(BUCKET, "bad", "not gzip".getBytes(UTF_8), Map.of(), "gzip");

    SourceException e = failure("bad");

    assertThat(e.step()).isEqualTo(Step.DECODE);
    assertThat(e.getMessage()).contains("is stored with content encoding gzip, but its content is not valid gzip");
  }

  @Test
  void fetch_unknownContentEncoding_refusedAtDecode() {
    gcs.putObject(BUCKET, "br", "{}".getBytes(UTF_8), Map.of(), "br");

    SourceException e = failure("br");

    assertThat(e.step()).isEqualTo(Step.DECODE);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("content encoding 'br'", "cannot decode");
  }

  @Test
  void fetch_answerCutMidBody_failsRetryablyWithNothingKept() {
    gcs.putObject(BUCKET, "cut", "a-secret-long-enough-to-be-cut-in-half".getBytes(UTF_8));
    gcs.knobs().truncateNext(1);

    SourceException e = failure("cut");

    assertThat(e.step()).isEqualTo(Step.FETCH);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e).hasMessage("Cloud Storage answered with a transport error for gs://" + BUCKET + "/cut");
  }

  @Test
  void fetch_emptyObject_isAnEmptySecret() throws Exception {
    gcs.putObject(BUCKET, "empty", new byte[0]);

    assertThat(fetch("empty")).isEmpty();
  }

  @Test
  void fetch_serviceSlowerThanTheCall_endsNearTheCallsTimeout() {
    gcs.putObject(BUCKET, "slow", "v".getBytes(UTF_8));
    gcs.knobs().latency(Duration.ofSeconds(3));
    long start = System.nanoTime();

    assertThatThrownBy(() -> fetch(source, "slow", Duration.ofMillis(300)))
        .isInstanceOfAny(InterruptedException.class, SourceException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
  }

  /** A server that ignores the range: the read still holds no more than the cap, and fails as too large. */
  @Test
  void fetch_serverIgnoringTheRange_failsAsTooLargeWithoutHoldingTheObject() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] huge = new byte[LIMIT * 8];
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, huge.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(huge);
      } catch (java.io.IOException e) {
        // the client hung up once it had enough
      }
    });
    server.start();
    try {
      SecretSource ignoring = source("http://127.0.0.1:" + server.getAddress().getPort());

      assertThatThrownBy(() -> fetch(ignoring, "huge", TIMEOUT))
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.step()).isEqualTo(Step.DECODE))
          .hasMessage("gs://" + BUCKET + "/huge is larger than the " + LIMIT + "-byte limit");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void prime_anyState_sendsOneRequestWithoutCredentialsAndNeverThrows() throws Exception {
    source.prime(TIMEOUT);
    gcs.close();
    source.prime(Duration.ofMillis(200));

    assertThat(gcs.requests()).singleElement().satisfies(r -> {
      assertThat(r.path()).startsWith("/storage/v1/b/goog-secretfn-prime/");
      assertThat(r.header("Authorization")).isEmpty();
    });
  }

  @Test
  void prime_badEndpointSetting_returnsQuietly() throws Exception {
    SecretSource misconfigured = CloudStorageContractComponent.of(
        Map.of(GcpSettings.STORAGE_EMULATOR_HOST, "10.1.2.3:80")).sources().iterator().next();

    misconfigured.prime(Duration.ofMillis(200));
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new SecureRandom().nextBytes(bytes);
    return Arrays.copyOf(bytes, length);
  }
}
