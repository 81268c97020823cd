package dev.secretfn.aws;

import static dev.secretfn.aws.AwsTestbed.BUCKET;
import static dev.secretfn.stores.SourceTestbed.onlyFailure;
import static dev.secretfn.stores.SourceTestbed.startupFails;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.Step;
import dev.secretfn.stores.DaggerObjectStoreFunction_S3;
import dev.secretfn.stores.ObjectStoreFunction;
import dev.secretfn.stores.SourceTestbed;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The S3 source on its default, lean transport, against the emulator, as a function uses it: what only S3 does
 * (its missing-key answer, its integrity check). What every object store does alike is in {@link
 * dev.secretfn.stores.ObjectStoreSourceTest}.
 */
class S3SourceEmulatorTest {
  private AwsTestbed testbed;

  @BeforeEach
  void start() {
    testbed = new AwsTestbed();
  }

  @AfterEach
  void stop() {
    testbed.close();
  }

  private ObjectStoreFunction function(Map<String, String> references) {
    return testbed.track(DaggerObjectStoreFunction_S3.factory().create(testbed.deployment(references)));
  }

  private String put(String key, String content) {
    return testbed.s3.putObject(BUCKET, key, content.getBytes(UTF_8));
  }

  @Test
  void resolve_missingKey_fails404WithUploadHintWithoutRetry() {
    String reference = "s3://" + BUCKET + "/missing.txt";
    ObjectStoreFunction function = function(Map.of("DB_PASS", reference));

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
  void resolve_checksumCorruptedOnce_retriesAndInjects() {
    String password = testbed.canary("db-pass");
    put("db-pass.txt", password);
    testbed.s3.knobs().corruptNextChecksum(1);
    ObjectStoreFunction function = function(Map.of("DB_PASS", "s3://" + BUCKET + "/db-pass.txt"));

    assertThat(function.handler().dbPass.revealString()).isEqualTo(password);
    // The lean transport asks for the object's stored checksum (x-amz-checksum-crc32 here) and verifies it.
    assertThat(testbed.gets()).hasSize(2)
        .allSatisfy(r -> assertThat(r.header("x-amz-checksum-mode")).contains("ENABLED"));
  }
}
