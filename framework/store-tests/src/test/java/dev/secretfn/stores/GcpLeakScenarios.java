package dev.secretfn.stores;

import static dev.secretfn.gcp.GcpTestbed.BERGLAS_METADATA;
import static dev.secretfn.gcp.GcpTestbed.BUCKET;
import static dev.secretfn.gcp.GcpTestbed.KEY;
import static dev.secretfn.stores.StoreLeakAuditTest.SHORT;
import static dev.secretfn.stores.StoreLeakAuditTest.VAR;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.secretfn.Kms;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.Step;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.GcpTestbed;
import dev.secretfn.stores.StoreLeakAuditTest.Case;
import dev.secretfn.stores.StoreLeakAuditTest.HappyPath;
import dev.secretfn.stores.StoreLeakAuditTest.Resolution;
import dev.secretfn.stores.StoreLeakAuditTest.Scenario;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The Google Cloud stores' side of {@link StoreLeakAuditTest}: Cloud KMS, Cloud Storage (also gzip-stored objects)
 * and Berglas failure scenarios and happy paths, and the helpers that plant their canaries in the emulators.
 */
final class GcpLeakScenarios extends LeakFixture {
  private static final String OBJECT = "app/secret.json";
  private static final String MISSING_KEY =
      "projects/secretfn-it/locations/global/keyRings/functions/cryptoKeys/missing";

  final GcpTestbed testbed = new GcpTestbed();

  GcpLeakScenarios(CanaryAudit audit) {
    super(audit);
  }

  @Override
  SourceTestbed testbed() {
    return testbed;
  }

  /** A bare Cloud KMS ciphertext names its key in KMS_CRYPTO_KEY_ID. */
  @Override
  Map<String, String> ciphertextEnvironment() {
    return Map.of("KMS_CRYPTO_KEY_ID", KEY);
  }

  static Stream<Named<Scenario<?>>> failures() {
    return Stream.of(
        // Cloud KMS
        scenario("KMS permission denied", Step.DECRYPT, t -> {
          t.testbed.kms.knobs().deny(KEY);
          return Case.of(t.kmsReference(KEY, t.canary("kms-denied"), ""));
        }),
        scenario("KMS key not found", Step.DECRYPT, t -> Case.of(
            "gcp-kms://" + MISSING_KEY + "?ciphertext=" + t.testbed.encrypt(KEY, t.canary("kms-missing"), ""))),
        scenario("KMS tampered ciphertext", Step.DECRYPT, t -> {
          byte[] ciphertext = t.testbed.kms.encrypt(KEY, t.canary("kms-tampered").getBytes(UTF_8), new byte[0]);
          ciphertext[ciphertext.length / 2] ^= 0x01;
          return Case.of("gcp-kms://" + KEY + "?ciphertext=" + Base64.getEncoder().encodeToString(ciphertext));
        }),
        scenario("KMS truncated ciphertext", Step.DECRYPT, t -> {
          byte[] ciphertext = t.testbed.kms.encrypt(KEY, t.canary("kms-truncated").getBytes(UTF_8), new byte[0]);
          return Case.of("gcp-kms://" + KEY + "?ciphertext="
              + Base64.getEncoder().encodeToString(Arrays.copyOf(ciphertext, ciphertext.length - 7)));
        }),
        scenario("KMS wrong additional authenticated data", Step.DECRYPT, t -> Case.of(
            t.kmsReference(KEY, t.canary("kms-aad"), "ANOTHER_VARIABLE"))
            .with(GcpSettings.builder().bindCiphertextsToVariables(true).build())),
        scenario("KMS plaintext checksum mismatch", Step.VERIFY, t -> {
          t.testbed.kms.knobs().corruptNextChecksum(1000);
          return Case.of(t.kmsReference(KEY, t.canary("kms-crc"), ""));
        }),
        deadline("KMS deadline", t -> {
          t.testbed.kms.knobs().latency(Duration.ofSeconds(2));
          return Case.of(t.kmsReference(KEY, t.canary("kms-deadline"), "")).with(SHORT);
        }),
        scenario("plaintext in a variable declared encrypted", Step.PARSE_REFERENCE, t -> Case.of(
            t.canary("plain-in-env")).with(SecretDeclaration.required(VAR).encryptedWith(Kms.GCP))
            .with(Map.of("KMS_CRYPTO_KEY_ID", KEY))),
        scenario("plaintext in a reference variable", Step.PARSE_REFERENCE, t -> Case.of(
            "postgres://app:" + t.canary("plain-url") + "@db/orders")),
        // Cloud Storage
        scenario("GCS permission denied", Step.FETCH, t -> {
          t.put(t.canary("gcs-denied"));
          t.testbed.gcs.knobs().deny(BUCKET + "/" + OBJECT);
          return Case.of(t.gsReference(""));
        }),
        scenario("GCS object not found", Step.FETCH, t -> {
          t.testbed.gcs.putObject(BUCKET, "app/other.json", t.canary("gcs-other").getBytes(UTF_8));
          return Case.of(t.gsReference(""));
        }),
        scenario("GCS oversized object", Step.DECODE, t -> {
          t.put(t.canary("gcs-big").repeat(4000));
          return Case.of(t.gsReference(""));
        }),
        scenario("GCS non-UTF-8 object injected as text", Step.DECODE, t -> {
          t.putBytes(concat(t.canary("gcs-binary").getBytes(UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe}));
          return Case.of(t.gsReference("")).with(SecretDeclaration.required(VAR).text());
        }),
        scenario("GCS bad JSON", Step.SELECT_FIELD, t -> {
          t.put("{\"password\":\"" + t.canary("gcs-badjson") + "\" \"user\":1}");
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS missing field", Step.SELECT_FIELD, t -> {
          t.put("{\"username\":\"" + t.canary("gcs-nofield") + "\"}");
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS field not a string", Step.SELECT_FIELD, t -> {
          t.put("{\"password\":{\"value\":\"" + t.canary("gcs-nested") + "\"}}");
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS duplicate field", Step.SELECT_FIELD, t -> {
          String canary = t.canary("gcs-dup");
          t.put("{\"password\":\"" + canary + "\",\"password\":\"" + canary + "\"}");
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS non-UTF-8 JSON", Step.SELECT_FIELD, t -> {
          t.putBytes(concat(("{\"password\":\"" + t.canary("gcs-json-binary")).getBytes(UTF_8),
              new byte[] {(byte) 0xc3, '"', '}'}));
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS checksum mismatch", Step.VERIFY, t -> {
          t.put("{\"password\":\"" + t.canary("gcs-crc") + "\"}");
          t.testbed.gcs.knobs().corruptNextChecksum(1000);
          return Case.of(t.gsReference("#password"));
        }),
        // Cloud Storage, objects stored gzip-compressed (contentEncoding: gzip)
        scenario("GCS gzip corrupted", Step.DECODE, t -> {
          t.putGzipBytes(corrupt(CloudStorageEmulator.gzip(t.canary("gcs-gz-corrupt").getBytes(UTF_8))));
          return Case.of(t.gsReference(""));
        }),
        scenario("GCS gzip corrupted, field", Step.DECODE, t -> {
          t.putGzipBytes(corrupt(CloudStorageEmulator.gzip(
              ("{\"password\":\"" + t.canary("gcs-gz-corrupt-field") + "\"}").getBytes(UTF_8))));
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS gzip bomb", Step.DECODE, t -> {
          t.putGzipBytes(CloudStorageEmulator.gzip(
              Arrays.copyOf(t.canary("gcs-gz-bomb").getBytes(UTF_8), 16 * 1024 * 1024)));
          return Case.of(t.gsReference(""));
        }),
        scenario("GCS gzip bomb, field", Step.DECODE, t -> {
          t.putGzipBytes(CloudStorageEmulator.gzip(("{\"password\":\"" + t.canary("gcs-gz-bomb-field") + "\","
              + "\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}").getBytes(UTF_8)));
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS other content encoding", Step.DECODE, t -> {
          t.testbed.gcs.putObject(BUCKET, OBJECT, ("{\"password\":\"" + t.canary("gcs-br") + "\"}").getBytes(UTF_8),
              Map.of(), "br");
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS gzip checksum mismatch", Step.VERIFY, t -> {
          t.putGzip("{\"password\":\"" + t.canary("gcs-gz-crc") + "\"}");
          t.testbed.gcs.knobs().corruptNextChecksum(1000);
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS gzip missing field", Step.SELECT_FIELD, t -> {
          t.putGzip("{\"username\":\"" + t.canary("gcs-gz-nofield") + "\"}");
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS gzip non-UTF-8 object injected as text", Step.DECODE, t -> {
          t.putGzipBytes(CloudStorageEmulator.gzip(
              concat(t.canary("gcs-gz-binary").getBytes(UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe})));
          return Case.of(t.gsReference("")).with(SecretDeclaration.required(VAR).text());
        }),
        deadline("GCS deadline", t -> {
          t.put(t.canary("gcs-deadline"));
          t.testbed.gcs.knobs().latency(Duration.ofSeconds(2));
          return Case.of(t.gsReference("")).with(SHORT);
        }),
        // Berglas
        scenario("Berglas tampered body", Step.DECRYPT, t -> {
          String body = t.berglasBody(OBJECT, t.canary("berglas-tampered"));
          int colon = body.indexOf(':');
          byte[] sealed = Base64.getDecoder().decode(body.substring(colon + 1));
          sealed[sealed.length - 3] ^= 0x40;
          t.putBerglas(body.substring(0, colon + 1) + Base64.getEncoder().encodeToString(sealed));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas data key wrapped for another object", Step.DECRYPT, t -> {
          t.putBerglas(t.berglasBody("app/another", t.canary("berglas-aad")));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas truncated body", Step.DECODE, t -> {
          String body = t.berglasBody(OBJECT, t.canary("berglas-truncated"));
          t.putBerglas(body.substring(0, body.indexOf(':') + 1 + 36));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas bad base64", Step.DECODE, t -> {
          String body = t.berglasBody(OBJECT, t.canary("berglas-b64"));
          t.putBerglas(body.substring(0, body.length() - 6) + "*" + body.substring(body.length() - 5));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas key permission denied", Step.DECRYPT, t -> {
          t.putBerglas(t.berglasBody(OBJECT, t.canary("berglas-denied")));
          t.testbed.kms.knobs().deny(KEY);
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas oversized object", Step.DECODE, t -> {
          t.putBerglas(t.berglasBody(OBJECT, t.canary("berglas-big").repeat(3000)));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas data key checksum mismatch", Step.VERIFY, t -> {
          t.putBerglas(t.berglasBody(OBJECT, t.canary("berglas-crc")));
          t.testbed.kms.knobs().corruptNextChecksum(1000);
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas non-UTF-8 secret injected as text", Step.DECODE, t -> {
          t.putBerglas(t.berglasBody(OBJECT,
              concat(t.canary("berglas-binary").getBytes(UTF_8), new byte[] {(byte) 0xed, (byte) 0xb0, (byte) 0x80})));
          return Case.of(t.berglasReference()).with(SecretDeclaration.required(VAR).text());
        }),
        scenario("Berglas gzip corrupted", Step.DECODE, t -> {
          t.putBerglasGzip(corrupt(CloudStorageEmulator.gzip(
              t.berglasBody(OBJECT, t.canary("berglas-gz-corrupt")).getBytes(UTF_8))));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas gzip bomb", Step.DECODE, t -> {
          byte[] body = t.berglasBody(OBJECT, t.canary("berglas-gz-bomb")).getBytes(UTF_8);
          t.putBerglasGzip(CloudStorageEmulator.gzip(Arrays.copyOf(body, 16 * 1024 * 1024)));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas gzip tampered body", Step.DECRYPT, t -> {
          String body = t.berglasBody(OBJECT, t.canary("berglas-gz-tampered"));
          int colon = body.indexOf(':');
          byte[] sealed = Base64.getDecoder().decode(body.substring(colon + 1));
          sealed[sealed.length - 3] ^= 0x40;
          t.putBerglasGzip(CloudStorageEmulator.gzip(
              (body.substring(0, colon + 1) + Base64.getEncoder().encodeToString(sealed)).getBytes(UTF_8)));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas other content encoding", Step.DECODE, t -> {
          t.testbed.gcs.putObject(BUCKET, OBJECT, t.berglasBody(OBJECT, t.canary("berglas-br")).getBytes(UTF_8),
              BERGLAS_METADATA, "br");
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas object without Berglas metadata", Step.DECODE, t -> {
          t.testbed.gcs.putObject(BUCKET, OBJECT, t.berglasBody(OBJECT, t.canary("berglas-meta")).getBytes(UTF_8));
          return Case.of(t.berglasReference());
        }));
  }

  static Stream<Named<HappyPath<?>>> happyPaths() {
    return Stream.of(
        happyPath("every source", t -> {
          String kms = t.canary("kms-ok");
          String field = t.canary("gcs-ok");
          String berglas = t.canary("berglas-ok");
          t.put("{\"password\":\"" + field + "\"}");
          t.testbed.gcs.putObject(BUCKET, "berglas/ok", t.berglasBody("berglas/ok", berglas).getBytes(UTF_8),
              BERGLAS_METADATA);
          return new Resolution(
              Map.of("KMS", t.kmsReference(KEY, kms, ""), "FIELD", t.gsReference("#password"),
                  "BERGLAS", "berglas://" + BUCKET + "/berglas/ok"),
              List.of(SecretDeclaration.required("KMS"), SecretDeclaration.required("FIELD").text(),
                  SecretDeclaration.required("BERGLAS")),
              Map.of("KMS", kms, "FIELD", field, "BERGLAS", berglas));
        }),
        happyPath("gzip-stored objects", t -> {
          String whole = t.canary("gcs-gz-ok");
          String field = t.canary("gcs-gz-field-ok");
          String berglas = t.canary("berglas-gz-ok");
          t.testbed.gcs.putObject(BUCKET, "gz/whole", CloudStorageEmulator.gzip(whole.getBytes(UTF_8)), Map.of(),
              "gzip");
          t.putGzip("{\"password\":\"" + field + "\"}");
          t.testbed.gcs.putObject(BUCKET, "berglas/gz", CloudStorageEmulator.gzip(
              t.berglasBody("berglas/gz", berglas).getBytes(UTF_8)), BERGLAS_METADATA, "gzip");
          return new Resolution(
              Map.of("WHOLE", "gs://" + BUCKET + "/gz/whole", "FIELD", t.gsReference("#password"),
                  "BERGLAS", "berglas://" + BUCKET + "/berglas/gz"),
              List.of(SecretDeclaration.required("WHOLE").text(), SecretDeclaration.required("FIELD").text(),
                  SecretDeclaration.required("BERGLAS")),
              Map.of("WHOLE", whole, "FIELD", field, "BERGLAS", berglas));
        }));
  }

  private static Named<Scenario<?>> scenario(String name, Step step, Function<GcpLeakScenarios, Case> setup) {
    return Named.of("GCP: " + name, new Scenario<>(EnumSet.of(step), GcpLeakScenarios::new, setup));
  }

  /** A deadline shows as the resolver's FETCH deadline or as the client's own timeout, whichever fires first. */
  private static Named<Scenario<?>> deadline(String name, Function<GcpLeakScenarios, Case> setup) {
    return Named.of("GCP: " + name,
        new Scenario<>(EnumSet.of(Step.FETCH, Step.DECRYPT), GcpLeakScenarios::new, setup));
  }

  private static Named<HappyPath<?>> happyPath(String name, Function<GcpLeakScenarios, Resolution> setup) {
    return Named.of("GCP: " + name, new HappyPath<>(GcpLeakScenarios::new, setup));
  }

  private String kmsReference(String key, String plaintext, String additionalData) {
    return "gcp-kms://" + key + "?ciphertext=" + testbed.encrypt(key, plaintext, additionalData);
  }

  private String gsReference(String fragment) {
    return "gs://" + BUCKET + "/" + OBJECT + fragment;
  }

  private String berglasReference() {
    return "berglas://" + BUCKET + "/" + OBJECT;
  }

  private void put(String content) {
    putBytes(content.getBytes(UTF_8));
  }

  private void putBytes(byte[] content) {
    testbed.gcs.putObject(BUCKET, OBJECT, content);
  }

  private void putGzip(String content) {
    putGzipBytes(CloudStorageEmulator.gzip(content.getBytes(UTF_8)));
  }

  /** Stores {@code stored} as the object's bytes with content encoding gzip (they need not be valid gzip). */
  private void putGzipBytes(byte[] stored) {
    testbed.gcs.putObject(BUCKET, OBJECT, stored, Map.of(), "gzip");
  }

  private void putBerglasGzip(byte[] stored) {
    testbed.gcs.putObject(BUCKET, OBJECT, stored, BERGLAS_METADATA, "gzip");
  }

  /** gzip data with a byte in the middle flipped: no longer valid, though stored with matching hashes. */
  private static byte[] corrupt(byte[] gzip) {
    gzip[gzip.length / 2] ^= 0x55;
    return gzip;
  }

  private void putBerglas(String body) {
    testbed.gcs.putObject(BUCKET, OBJECT, body.getBytes(UTF_8), BERGLAS_METADATA);
  }

  /** A body as {@code berglas create} writes it; the data key is forbidden material too. */
  private String berglasBody(String aadObjectName, String plaintext) {
    return berglasBody(aadObjectName, plaintext.getBytes(UTF_8));
  }

  private String berglasBody(String aadObjectName, byte[] plaintext) {
    GcpTestbed.BerglasBody body = testbed.berglasBody(aadObjectName, plaintext);
    forbid(body.dataKey());
    return body.text();
  }
}
