package dev.secretfn.aws;

import static dev.secretfn.aws.AwsTestbed.BUCKET;
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
import dev.secretfn.aws.s3.S3Module;
import dev.secretfn.stores.SourceTestbed;
import dev.secretfn.stores.TestComponent;
import dev.secretfn.stores.TestDeployment;
import dev.secretfn.testing.emulator.RecordedRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The S3 source on the real AWS SDK v2 S3 client, against the emulator, as a function uses it. */
class S3SourceEmulatorTest {
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
  @Component(modules = {S3SourceEmulatorTest_SecretsModule.class, S3Module.class, TestDeployment.class})
  interface Function extends TestComponent {
    Handler handler();

    @Component.Factory
    interface Factory {
      Function create(TestDeployment deployment);
    }
  }

  private AwsTestbed testbed;

  @BeforeEach
  void start() {
    testbed = new AwsTestbed();
  }

  @AfterEach
  void stop() {
    testbed.close();
  }

  private Function function(Map<String, String> references) {
    return function(references, AwsSettings.defaults());
  }

  private Function function(Map<String, String> references, AwsSettings settings) {
    return testbed.track(DaggerS3SourceEmulatorTest_Function.factory()
        .create(testbed.deployment(references, settings)));
  }

  private String put(String key, String content) {
    return testbed.s3.putObject(BUCKET, key, content.getBytes(UTF_8));
  }

  @Test
  void resolve_wholeObject_injectsItsBytesFromOneGet() {
    String password = testbed.canary("db-pass");
    put("db-pass.txt", password);
    Function function = function(Map.of("DB_PASS", "s3://" + BUCKET + "/db-pass.txt"));

    Handler handler = function.handler();

    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(handler.dbUser).isEmpty();
    assertThat(testbed.s3.requests()).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.path()).isEqualTo("/" + BUCKET + "/db-pass.txt");
      assertThat(r.queryParameter("versionId")).isEmpty();
    });
    testbed.assertNoCanaryIn(handler.dbPass, function.secrets(), function.sources());
  }

  @Test
  void resolve_jsonField_injectsThatField() {
    String password = testbed.canary("db-pass");
    put("db.json", "{\"username\":\"orders\",\"password\":\"" + password + "\"}");
    Function function = function(Map.of("DB_PASS", "s3://" + BUCKET + "/db.json#password"));

    Handler handler = function.handler();

    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(testbed.gets()).singleElement().extracting(RecordedRequest::path).isEqualTo("/" + BUCKET + "/db.json");
    testbed.assertNoCanaryIn(handler.dbPass, function.secrets());
  }

  @Test
  void resolve_twoFieldsOfOneObject_getItOnce() {
    String user = testbed.canary("db-user");
    String password = testbed.canary("db-pass");
    put("db.json", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    Function function = function(Map.of(
        "DB_USER", "s3://" + BUCKET + "/db.json#username",
        "DB_PASS", "s3://" + BUCKET + "/db.json#password"));

    Handler handler = function.handler();

    assertThat(handler.dbUser).contains(user);
    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(testbed.s3.requests()).hasSize(1);
    assertThat(testbed.gets()).hasSize(1);
    testbed.assertNoCanaryIn(handler.dbPass, function.secrets());
  }

  @Test
  void resolve_versionPin_readsThatVersionAfterANewerPut() {
    String old = testbed.canary("old");
    String versionId = put("db-pass.txt", old);
    put("db-pass.txt", testbed.canary("new"));
    Function function = function(Map.of("DB_PASS", "s3://" + BUCKET + "/db-pass.txt?versionId=" + versionId));

    assertThat(function.handler().dbPass.revealString()).isEqualTo(old);
    assertThat(testbed.gets()).singleElement()
        .satisfies(r -> assertThat(r.queryParameter("versionId")).contains(versionId));
  }

  @Test
  void resolve_unknownVersion_fails404WithUploadHintWithoutRetry() {
    String versionId = put("db-pass.txt", testbed.canary("db-pass"));
    String unknown = (versionId.charAt(0) == 'A' ? "B" : "A") + versionId.substring(1);
    String reference = "s3://" + BUCKET + "/db-pass.txt?versionId=" + unknown;
    Function function = function(Map.of("DB_PASS", reference));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.reference()).contains(reference);
    assertThat(failure.step()).isEqualTo(Step.FETCH);
    assertThat(failure.cause()).contains("404", "NoSuchVersion", "no such bucket, key or version");
    assertThat(failure.hint()).get().asString().contains("upload the object", "versionId");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.s3.requests()).hasSize(1);
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_missingKey_fails404WithUploadHintWithoutRetry() {
    String reference = "s3://" + BUCKET + "/missing.txt";
    Function function = function(Map.of("DB_PASS", reference));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.variable()).isEqualTo("DB_PASS");
    assertThat(failure.step()).isEqualTo(Step.FETCH);
    assertThat(failure.cause()).contains("404", "NoSuchKey", reference);
    assertThat(failure.hint()).get().asString().contains("upload the object");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.s3.requests()).hasSize(1);
  }

  @Test
  void resolve_objectOverLimit_failsAtDecodeNamingTheLimit() {
    ByteArrayOutputStream big = new ByteArrayOutputStream();
    while (big.size() < 64 * 1024) {
      big.writeBytes((testbed.canary("big") + "\n").getBytes(UTF_8));
    }
    testbed.s3.putObject(BUCKET, "big.txt", big.toByteArray());
    Function function = function(Map.of("DB_PASS", "s3://" + BUCKET + "/big.txt"),
        AwsSettings.builder().maxObjectBytes(1024).build());

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECODE);
    assertThat(failure.cause()).contains("s3://" + BUCKET + "/big.txt", "larger than the 1024-byte limit");
    assertThat(failure.hint()).get().asString().contains("maxObjectBytes");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.s3.requests()).hasSize(1);
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_objectExactlyAtLimit_injects() {
    byte[] content = new byte[1024];
    Arrays.fill(content, (byte) 'x');
    testbed.s3.putObject(BUCKET, "full.txt", content);
    Function function = function(Map.of("DB_PASS", "s3://" + BUCKET + "/full.txt"),
        AwsSettings.builder().maxObjectBytes(1024).build());

    assertThat(function.handler().dbPass.revealBytes()).isEqualTo(content);
    assertThat(testbed.s3.requests()).hasSize(1);
  }

  @Test
  void resolve_checksumCorruptedOnce_retriesAndInjects() {
    String password = testbed.canary("db-pass");
    put("db-pass.txt", password);
    testbed.s3.knobs().corruptNextChecksum(1);
    Function function = function(Map.of("DB_PASS", "s3://" + BUCKET + "/db-pass.txt"));

    assertThat(function.handler().dbPass.revealString()).isEqualTo(password);
    // The SDK's default integrity check on GetObject: it asks for the MD5 appended to the body and verifies it.
    assertThat(testbed.gets()).hasSize(2)
        .allSatisfy(r -> assertThat(r.header("x-amz-te")).contains("append-md5"));
  }

  @Test
  void resolve_nonUtf8Payload_injectedAsSecretUnchanged() {
    byte[] payload = nonUtf8Payload(testbed.canary("binary"));
    testbed.s3.putObject(BUCKET, "key.bin", payload);
    Function function = function(Map.of("DB_PASS", "s3://" + BUCKET + "/key.bin"));

    Secret secret = function.handler().dbPass;

    assertThat(secret.revealBytes()).isEqualTo(payload);
    assertThat(secret.isUtf8()).isFalse();
    testbed.assertNoCanaryIn(secret, function.secrets());
  }

  @Test
  void resolve_nonUtf8PayloadInjectedAsString_failsAtDecodeNamingTheVariableWithoutContent() {
    testbed.s3.putObject(BUCKET, "key.bin", nonUtf8Payload(testbed.canary("binary")));
    put("db-pass.txt", testbed.canary("db-pass"));
    Function function = function(Map.of(
        "DB_PASS", "s3://" + BUCKET + "/db-pass.txt",
        "DB_USER", "s3://" + BUCKET + "/key.bin"));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.variable()).isEqualTo("DB_USER");
    assertThat(failure.step()).isEqualTo(Step.DECODE);
    assertThat(failure.cause()).contains("not valid UTF-8 text");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.gets()).hasSize(2);
    testbed.assertNoCanaryIn(e);
  }

  /** A canary and then bytes that are not UTF-8 (a lone 0xFF and a truncated two-byte sequence). */
  private static byte[] nonUtf8Payload(String canary) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("{\"password\":\"" + canary).getBytes(UTF_8));
    out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xc3, '"', '}'});
    return out.toByteArray();
  }
}
