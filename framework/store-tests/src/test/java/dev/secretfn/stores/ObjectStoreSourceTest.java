package dev.secretfn.stores;

import static dev.secretfn.stores.SourceTestbed.onlyFailure;
import static dev.secretfn.stores.SourceTestbed.startupFails;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Secret;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.Step;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The object stores, Cloud Storage and S3, against their emulators, as a function uses them: what both must do alike,
 * on each transport (the lean default; google-cloud-storage's HTTP client and the AWS SDK v2's S3Client). The store-specific behaviour
 * stays in {@code CloudStorageSourceEmulatorTest} (gzip-stored objects, encoded names, dropped connections) and
 * {@code S3SourceEmulatorTest} (missing keys, the SDK's integrity check).
 */
class ObjectStoreSourceTest {
  private ObjectStore store;
  private Transport transport;
  private SourceTestbed testbed;

  @AfterEach
  void stop() {
    if (testbed != null) {
      testbed.close();
    }
  }

  /** Each object store on each transport. */
  static Stream<Arguments> storesAndTransports() {
    return Arrays.stream(Transport.values())
        .flatMap(transport -> Arrays.stream(ObjectStore.values()).map(store -> Arguments.of(store, transport)));
  }

  private void start(ObjectStore store, Transport transport) {
    this.store = store;
    this.transport = transport;
    this.testbed = store.start();
  }

  private ObjectStoreFunction function(Map<String, String> references) {
    return function(testbed.deployment(references));
  }

  private ObjectStoreFunction function(TestDeployment deployment) {
    return testbed.track(store.function(transport, deployment));
  }

  private String put(String object, String content) {
    return store.put(testbed, object, content.getBytes(UTF_8));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("storesAndTransports")
  void resolve_wholeObject_injectsItsBytesFromOneRead(ObjectStore objectStore, Transport transport) {
    start(objectStore, transport);
    String password = testbed.canary("db-pass");
    put("db-pass.txt", password);
    ObjectStoreFunction function = function(Map.of("DB_PASS", store.reference("db-pass.txt")));

    ObjectStoreFunction.Handler handler = function.handler();

    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(handler.dbUser).isEmpty();
    assertThat(store.requests(testbed)).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.path()).isEqualTo(store.contentPath("db-pass.txt"));
      assertThat(r.queryParameter(store.pin)).isEmpty();
      store.assertCappedRead(r, GcpSettings.DEFAULT_MAX_OBJECT_BYTES);
    });
    testbed.assertNoCanaryIn(handler.dbPass, function.secrets(), function.sources());
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("storesAndTransports")
  void resolve_jsonField_injectsThatField(ObjectStore objectStore, Transport transport) {
    start(objectStore, transport);
    String password = testbed.canary("db-pass");
    put("db.json", "{\"username\":\"orders\",\"password\":\"" + password + "\"}");
    ObjectStoreFunction function = function(Map.of("DB_PASS", store.reference("db.json#password")));

    ObjectStoreFunction.Handler handler = function.handler();

    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(store.contentReads(testbed)).singleElement().extracting(RecordedRequest::path)
        .isEqualTo(store.contentPath("db.json"));
    testbed.assertNoCanaryIn(handler.dbPass, function.secrets());
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("storesAndTransports")
  void resolve_twoFieldsOfOneObject_readItOnce(ObjectStore objectStore, Transport transport) {
    start(objectStore, transport);
    String user = testbed.canary("db-user");
    String password = testbed.canary("db-pass");
    put("db.json", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    ObjectStoreFunction function = function(Map.of(
        "DB_USER", store.reference("db.json#username"),
        "DB_PASS", store.reference("db.json#password")));

    ObjectStoreFunction.Handler handler = function.handler();

    assertThat(handler.dbUser).contains(user);
    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(store.requests(testbed)).hasSize(1);
    assertThat(store.contentReads(testbed)).hasSize(1);
    testbed.assertNoCanaryIn(handler.dbPass, function.secrets());
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("storesAndTransports")
  void resolve_versionPin_readsThatVersionAfterANewerPut(ObjectStore objectStore, Transport transport) {
    start(objectStore, transport);
    String old = testbed.canary("old");
    String version = put("db-pass.txt", old);
    put("db-pass.txt", testbed.canary("new"));
    ObjectStoreFunction function =
        function(Map.of("DB_PASS", store.reference("db-pass.txt?" + store.pin + "=" + version)));

    assertThat(function.handler().dbPass.revealString()).isEqualTo(old);
    assertThat(store.contentReads(testbed)).singleElement()
        .satisfies(r -> assertThat(r.queryParameter(store.pin)).contains(version));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("storesAndTransports")
  void resolve_missingPinnedVersion_fails404WithoutRetry(ObjectStore objectStore, Transport transport) {
    start(objectStore, transport);
    String version = put("db-pass.txt", testbed.canary("db-pass"));
    String reference = store.reference("db-pass.txt?" + store.pin + "=" + store.missingVersion(version));
    ObjectStoreFunction function = function(Map.of("DB_PASS", reference));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.reference()).contains(reference);
    assertThat(failure.step()).isEqualTo(Step.FETCH);
    assertThat(failure.cause()).contains(store.missingVersionCause()).contains(reference);
    assertThat(failure.hint()).get().asString().contains(store.missingVersionHint());
    assertThat(failure.isRetryable()).isFalse();
    assertThat(store.requests(testbed)).hasSize(1);
    testbed.assertNoCanaryIn(e);
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("storesAndTransports")
  void resolve_objectOverLimit_failsAtDecodeAfterOneCappedRead(ObjectStore objectStore, Transport transport) {
    start(objectStore, transport);
    ByteArrayOutputStream big = new ByteArrayOutputStream();
    while (big.size() < 64 * 1024) {
      big.writeBytes((testbed.canary("big") + "\n").getBytes(UTF_8));
    }
    store.put(testbed, "big.txt", big.toByteArray());
    ObjectStoreFunction function =
        function(store.limited(testbed, Map.of("DB_PASS", store.reference("big.txt")), 1024));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECODE);
    assertThat(failure.cause()).contains(store.reference("big.txt"), "larger than the 1024-byte limit");
    assertThat(failure.hint()).get().asString().contains("maxObjectBytes");
    assertThat(failure.isRetryable()).isFalse();
    // One request; on Cloud Storage for bytes 0 to 1024: 1025 bytes of a 64 KiB object crossed the wire.
    assertThat(store.requests(testbed)).singleElement().satisfies(r -> store.assertCappedRead(r, 1024));
    testbed.assertNoCanaryIn(e);
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("storesAndTransports")
  void resolve_objectExactlyAtLimit_injects(ObjectStore objectStore, Transport transport) {
    start(objectStore, transport);
    byte[] content = new byte[1024];
    Arrays.fill(content, (byte) 'x');
    store.put(testbed, "full.txt", content);
    ObjectStoreFunction function =
        function(store.limited(testbed, Map.of("DB_PASS", store.reference("full.txt")), 1024));

    assertThat(function.handler().dbPass.revealBytes()).isEqualTo(content);
    assertThat(store.requests(testbed)).hasSize(1);
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("storesAndTransports")
  void resolve_nonUtf8Payload_injectedAsSecretUnchanged(ObjectStore objectStore, Transport transport) {
    start(objectStore, transport);
    byte[] payload = nonUtf8Payload(testbed.canary("binary"));
    store.put(testbed, "key.bin", payload);
    ObjectStoreFunction function = function(Map.of("DB_PASS", store.reference("key.bin")));

    Secret secret = function.handler().dbPass;

    assertThat(secret.revealBytes()).isEqualTo(payload);
    assertThat(secret.isUtf8()).isFalse();
    testbed.assertNoCanaryIn(secret, function.secrets());
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("storesAndTransports")
  void resolve_fieldOfNonUtf8Payload_failsAtSelectFieldWithoutContent(ObjectStore objectStore, Transport transport) {
    start(objectStore, transport);
    store.put(testbed, "key.bin", nonUtf8Payload(testbed.canary("binary")));
    ObjectStoreFunction function = function(Map.of("DB_PASS", store.reference("key.bin#password")));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.SELECT_FIELD);
    assertThat(failure.reference()).contains(store.reference("key.bin#password"));
    assertThat(failure.cause()).contains("not valid UTF-8");
    assertThat(failure.isRetryable()).isFalse();
    testbed.assertNoCanaryIn(e);
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("storesAndTransports")
  void resolve_nonUtf8PayloadInjectedAsString_failsAtDecodeNamingTheVariableWithoutContent(ObjectStore objectStore, Transport transport) {
    start(objectStore, transport);
    store.put(testbed, "key.bin", nonUtf8Payload(testbed.canary("binary")));
    put("db-pass.txt", testbed.canary("db-pass"));
    ObjectStoreFunction function = function(Map.of(
        "DB_PASS", store.reference("db-pass.txt"),
        "DB_USER", store.reference("key.bin")));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.variable()).isEqualTo("DB_USER");
    assertThat(failure.step()).isEqualTo(Step.DECODE);
    assertThat(failure.cause()).contains("not valid UTF-8 text");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(store.contentReads(testbed)).hasSize(2);
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
