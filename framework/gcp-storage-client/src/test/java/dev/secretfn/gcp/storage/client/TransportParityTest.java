package dev.secretfn.gcp.storage.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.storage.BerglasObject;
import dev.secretfn.gcp.storage.GcsObject;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
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
 * Both transports meet the same emulator state and fault, one fetch each, and must come out the same: the same
 * value, or the same step, retryability, message and fix. The official client's exceptions and the lean
 * transport's answers go through one classifier; this proves the inputs they give it agree.
 */
class TransportParityTest {
  private static final String BUCKET = "secretfn-parity";
  private static final int LIMIT = GcpSettings.DEFAULT_MAX_OBJECT_BYTES;
  private static final SecureRandom RANDOM = new SecureRandom();

  private CloudStorageEmulator gcs;
  private CloudKmsEmulator kms;
  private Stores lean;
  private Stores official;

  @BeforeEach
  void start() {
    gcs = CloudStorageEmulator.start();
    kms = CloudKmsEmulator.start();
    gcs.createBucket(BUCKET);
    kms.createKey(BerglasObjects.KEY);
    lean = Stores.lean(gcs, kms);
    official = Stores.official(gcs, kms);
  }

  @AfterEach
  void stop() {
    try {
      lean.closeClients();
      official.closeClients();
    } finally {
      gcs.close();
      kms.close();
    }
  }

  /** One case: the object it reads (stored once), and the fault made again before each transport's fetch. */
  enum Case {
    GCS_VALUE(t -> gs(t.put("v.txt", "value")), t -> {}),
    GCS_NAME_WITH_SLASH_SPACE_AND_UNICODE(t -> gs(t.put("app/db pass/\u00e9\u6f22\ud83d\udd11+@:.txt", "v")),
        t -> {}),
    GCS_EMPTY_OBJECT(t -> gs(t.put("empty.txt", "")), t -> {}),
    GCS_PINNED_GENERATION(t -> {
      long old = t.gcs.putObject(BUCKET, "pinned.txt", "old".getBytes(UTF_8));
      t.put("pinned.txt", "new");
      return new GcsObject(BUCKET, "pinned.txt", OptionalLong.of(old), Optional.empty());
    }, t -> {}),
    GCS_ABSENT_OBJECT(t -> gs("no-such-object"), t -> {}),
    GCS_ABSENT_GENERATION(t -> {
      long generation = t.gcs.putObject(BUCKET, "gen.txt", "v".getBytes(UTF_8));
      return new GcsObject(BUCKET, "gen.txt", OptionalLong.of(generation + 1), Optional.empty());
    }, t -> {}),
    GCS_DENIED(t -> gs(t.put("denied.txt", "v")), t -> t.gcs.knobs().deny(BUCKET + "/denied.txt")),
    GCS_400(t -> gs(t.put("f.txt", "v")), t -> t.gcs.knobs().failNext(1, 400)),
    GCS_401(t -> gs(t.put("f.txt", "v")), t -> t.gcs.knobs().failNext(1, 401)),
    GCS_403(t -> gs(t.put("f.txt", "v")), t -> t.gcs.knobs().failNext(1, 403)),
    GCS_404(t -> gs(t.put("f.txt", "v")), t -> t.gcs.knobs().failNext(1, 404)),
    GCS_409(t -> gs(t.put("f.txt", "v")), t -> t.gcs.knobs().failNext(1, 409)),
    GCS_412(t -> gs(t.put("f.txt", "v")), t -> t.gcs.knobs().failNext(1, 412)),
    GCS_429(t -> gs(t.put("f.txt", "v")), t -> t.gcs.knobs().failNext(1, 429)),
    GCS_500(t -> gs(t.put("f.txt", "v")), t -> t.gcs.knobs().failNext(1, 500)),
    GCS_501(t -> gs(t.put("f.txt", "v")), t -> t.gcs.knobs().failNext(1, 501)),
    GCS_503(t -> gs(t.put("f.txt", "v")), t -> t.gcs.knobs().failNext(1, 503)),
    GCS_504(t -> gs(t.put("f.txt", "v")), t -> t.gcs.knobs().failNext(1, 504)),
    GCS_ONE_RESET(t -> gs(t.put("r.txt", "v")), t -> t.gcs.knobs().resetNext(1)),
    GCS_TWO_RESETS(t -> gs(t.put("r.txt", "v")), t -> t.gcs.knobs().resetNext(2)),
    GCS_CORRUPT_CHECKSUM(t -> gs(t.put("c.txt", "v")), t -> t.gcs.knobs().corruptNextChecksum(1)),
    GCS_OVER_THE_LIMIT(t -> gs(t.putBytes("big.bin", new byte[LIMIT + 1], null)), t -> {}),
    GCS_AT_THE_LIMIT(t -> gs(t.putBytes("full.bin", new byte[LIMIT], null)), t -> {}),
    GCS_GZIP(t -> gs(t.putBytes("z.json", CloudStorageEmulator.gzip("{\"a\":1}".getBytes(UTF_8)), "gzip")),
        t -> {}),
    GCS_GZIP_CORRUPT_CHECKSUM(t -> gs(t.putBytes("zc.json", CloudStorageEmulator.gzip("{}".getBytes(UTF_8)),
        "gzip")), t -> t.gcs.knobs().corruptNextChecksum(1)),
    GCS_GZIP_BOMB(t -> gs(t.putBytes("bomb", CloudStorageEmulator.gzip(new byte[LIMIT + 1]), "gzip")), t -> {}),
    GCS_GZIP_OVER_THE_LIMIT_AS_STORED(t -> gs(t.putBytes("zbig", CloudStorageEmulator.gzip(random(LIMIT + 1024)),
        "gzip")), t -> {}),
    GCS_GZIP_DAMAGED(t -> gs(t.putBytes("zbad", "not gzip at all".getBytes(UTF_8), "gzip")), t -> {}),
    GCS_OTHER_ENCODING(t -> gs(t.putBytes("br.json", "{}".getBytes(UTF_8), "br")), t -> {}),
    GCS_SLOWER_THAN_THE_CALL(t -> gs(t.put("slow.txt", "v")), t -> t.gcs.knobs().latency(Duration.ofSeconds(2))),
    BERGLAS_VALUE(t -> t.berglas("b/value", "value"), t -> {}),
    BERGLAS_ABSENT(t -> new BerglasObject(BUCKET, "b/none", OptionalLong.empty()), t -> {}),
    BERGLAS_ABSENT_GENERATION(t -> new BerglasObject(BUCKET, "b/none", OptionalLong.of(42)), t -> {}),
    BERGLAS_DENIED(t -> t.berglas("b/denied", "v"), t -> t.gcs.knobs().deny(BUCKET + "/b/denied")),
    BERGLAS_METADATA_UNAVAILABLE(t -> t.berglas("b/503", "v"), t -> t.gcs.knobs().failNext(1, 503)),
    BERGLAS_METADATA_403(t -> t.berglas("b/403", "v"), t -> t.gcs.knobs().failNext(1, 403)),
    BERGLAS_NOT_BERGLAS(t -> {
      t.put("b/plain", "v");
      return new BerglasObject(BUCKET, "b/plain", OptionalLong.empty());
    }, t -> {}),
    BERGLAS_TOO_LARGE_BY_METADATA(t -> {
      t.gcs.putObject(BUCKET, "b/large", new byte[LIMIT + 1], BerglasObjects.METADATA);
      return new BerglasObject(BUCKET, "b/large", OptionalLong.empty());
    }, t -> {}),
    BERGLAS_BODY_CORRUPT_CHECKSUM(t -> t.berglas("b/crc", "v"), t -> t.gcs.knobs().corruptNextChecksum(1)),
    BERGLAS_METADATA_CUT(t -> t.berglas("b/cut", "v"), t -> t.gcs.knobs().truncateNext(1));

    final Function<TransportParityTest, SecretReference> prepare;
    final Consumer<TransportParityTest> fault;

    Case(Function<TransportParityTest, SecretReference> prepare, Consumer<TransportParityTest> fault) {
      this.prepare = prepare;
      this.fault = fault;
    }
  }

  @ParameterizedTest
  @EnumSource(Case.class)
  void fetch_sameStateAndFault_sameOutcomeOnBothTransports(Case c) throws Exception {
    SecretReference reference = c.prepare.apply(this);

    Outcome onLean = fetchOnce(lean, c, reference);
    Outcome onOfficial = fetchOnce(official, c, reference);

    assertThat(onLean).isEqualTo(onOfficial);
    if (c.name().endsWith("_VALUE")) {
      assertThat(onLean.value).isEqualTo("value");
    }
  }

  /**
   * The one difference: google-cloud-storage's reader resumes a download cut mid-body by itself (a ranged request
   * for the rest, pinned to the generation it was reading), within the fetch; the lean transport fails the fetch as
   * retryable and the resolver's next attempt reads the object whole. Either way the value arrives whole, never cut,
   * after two requests.
   */
  @Test
  void fetch_contentCutMidBody_officialResumesAndLeanFailsRetryably() throws Exception {
    String value = "a-value-long-enough-to-be-cut-in-half";
    GcsObject reference = gs(put("cut.txt", value));
    Consumer<TransportParityTest> cut = t -> t.gcs.knobs().truncateNext(1);

    Outcome onOfficial = fetchOnce(official, cut, reference, Duration.ofSeconds(10));
    Outcome onLean = fetchOnce(lean, cut, reference, Duration.ofSeconds(10));
    Outcome leanRetry = fetchOnce(lean, t -> {}, reference, Duration.ofSeconds(10));

    assertThat(onOfficial.value).isEqualTo(value.length() + " bytes, " + Arrays.hashCode(value.getBytes(UTF_8)));
    assertThat(onLean).isEqualTo(new Outcome(null, Optional.of(Step.FETCH), true,
        "Cloud Storage answered with a transport error for gs://" + BUCKET + "/cut.txt", Optional.empty()));
    assertThat(leanRetry).isEqualTo(onOfficial);
  }

  private Outcome fetchOnce(Stores stores, Case c, SecretReference reference) throws Exception {
    // A call timeout under the slow case's latency: the transports' own timeouts must fire, not the test's.
    return fetchOnce(stores, c.fault, reference,
        c == Case.GCS_SLOWER_THAN_THE_CALL ? Duration.ofMillis(500) : Duration.ofSeconds(10));
  }

  private Outcome fetchOnce(Stores stores, Consumer<TransportParityTest> fault, SecretReference reference,
      Duration timeout) throws Exception {
    gcs.knobs().reset();
    fault.accept(this);
    SecretSource source = stores.source(reference.scheme());
    try {
      Secret secret = source.fetch(Fetch.of(reference, List.of("KEY"), timeout, 1));
      return Outcome.value(secret);
    } catch (SourceException e) {
      return Outcome.failure(e);
    } catch (InterruptedException e) {
      Thread.interrupted();
      return Outcome.interrupted(e);
    } finally {
      gcs.knobs().reset();
    }
  }

  /** What one fetch came to; for a value, its text or its length and hash (never printed for real secrets). */
  record Outcome(String value, Optional<Step> step, boolean retryable, String message, Optional<String> hint) {
    static Outcome value(Secret secret) {
      byte[] bytes = secret.revealBytes();
      String shown = bytes.length <= 16 ? new String(bytes, UTF_8) : bytes.length + " bytes, " + Arrays.hashCode(bytes);
      return new Outcome(shown, Optional.empty(), false, "", Optional.empty());
    }

    static Outcome failure(SourceException e) {
      return new Outcome(null, Optional.of(e.step()), e.isRetryable(), e.getMessage(), e.hint());
    }

    static Outcome interrupted(InterruptedException e) {
      return new Outcome(null, Optional.empty(), false, "interrupted: " + e.getMessage(), Optional.empty());
    }
  }

  private static GcsObject gs(String object) {
    return new GcsObject(BUCKET, object, OptionalLong.empty(), Optional.empty());
  }

  private String put(String object, String content) {
    gcs.putObject(BUCKET, object, content.getBytes(UTF_8));
    return object;
  }

  private String putBytes(String object, byte[] stored, String contentEncoding) {
    if (contentEncoding == null) {
      gcs.putObject(BUCKET, object, stored);
    } else {
      gcs.putObject(BUCKET, object, stored, Map.of(), contentEncoding);
    }
    return object;
  }

  private BerglasObject berglas(String object, String value) {
    BerglasObjects.put(gcs, kms, BUCKET, object, value.getBytes(UTF_8));
    return new BerglasObject(BUCKET, object, OptionalLong.empty());
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
