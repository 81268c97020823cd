package dev.secretfn.aws.s3.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.s3.client.Store.Transport;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S3ClientTransportModule switches the store to the SDK's S3Client, which keeps its own integrity check (the MD5
 * S3 appends on request); without it the store reads over the lean transport.
 */
class TransportSelectionTest {
  private static final String BUCKET = "secretfn-selection";

  private S3Emulator s3;

  @BeforeEach
  void start() {
    s3 = S3Emulator.start();
    s3.requireSignatures("secretfn-emulator", "secretfn-emulator"); // what both sign with for an emulator
    s3.putObject(BUCKET, "db-pass.txt", "s3cr3t".getBytes(UTF_8));
  }

  @AfterEach
  void stop() {
    s3.close();
  }

  private Store open(Transport transport) {
    return transport.open(Map.of(
        "AWS_REGION", "us-east-1", AwsSettings.S3_EMULATOR_HOST, s3.endpoint().substring("http://".length())));
  }

  @Test
  void resolve_withTheClientModule_readsThroughTheSdk() {
    try (Store store = open(Transport.SDK)) {
      assertThat(store.resolve(Map.of("DB_PASS", "s3://" + BUCKET + "/db-pass.txt")).get("DB_PASS").revealString())
          .isEqualTo("s3cr3t");
    }

    RecordedRequest request = s3.requests().get(0);
    assertThat(request.header("x-amz-te")).hasValue("append-md5");
    assertThat(request.header("x-amz-checksum-mode")).isEmpty();
    assertThat(request.header("User-Agent")).get().asString().contains("aws-sdk-java");
  }

  @Test
  void resolve_withoutTheClientModule_readsOverTheLeanTransport() {
    try (Store store = open(Transport.LEAN)) {
      assertThat(store.resolve(Map.of("DB_PASS", "s3://" + BUCKET + "/db-pass.txt")).get("DB_PASS").revealString())
          .isEqualTo("s3cr3t");
    }

    RecordedRequest request = s3.requests().get(0);
    assertThat(request.header("x-amz-checksum-mode")).hasValue("ENABLED");
    assertThat(request.header("x-amz-te")).isEmpty();
    assertThat(request.header("User-Agent")).get().asString().doesNotContain("aws-sdk-java");
  }

  @Test
  void resolve_sdkAppendedMd5CorruptedOnce_retriedAndInjected() {
    s3.knobs().corruptNextChecksum(1);

    try (Store store = open(Transport.SDK)) {
      assertThat(store.resolve(Map.of("DB_PASS", "s3://" + BUCKET + "/db-pass.txt")).get("DB_PASS").revealString())
          .isEqualTo("s3cr3t");
    }

    assertThat(s3.requests()).hasSize(2).allSatisfy(r -> assertThat(r.header("x-amz-te")).hasValue("append-md5"));
  }

  @Test
  void prime_sdkTransport_buildsTheClientAndSendsNothing() throws Exception {
    try (Store store = open(Transport.SDK)) {
      store.sources().iterator().next().prime(java.time.Duration.ofSeconds(2));
    }

    assertThat(s3.requests()).isEmpty();
  }
}
