package dev.secretfn.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.secretfn.aws.AwsSettings;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SnapStart priming: the request path runs without a secret or a credential, and nothing throws. */
class S3SourcePrimeTest {
  private static SecretSource source(Map<String, String> variables) {
    return S3ContractComponent.of(variables).sources().iterator().next();
  }

  @Test
  void prime_onTheEmulator_oneUnsignedGetOfTheRootAndNoObjectRead() throws Exception {
    try (S3Emulator s3 = S3Emulator.start()) {
      s3.putObject("secrets", "app/db.txt", new byte[] {1, 2, 3});
      SecretSource source = source(Map.of("AWS_REGION", "us-east-1",
          AwsSettings.S3_EMULATOR_HOST, s3.endpoint().substring("http://".length())));

      source.prime(Duration.ofSeconds(2));

      assertThat(s3.requests()).hasSize(1);
      RecordedRequest request = s3.requests().get(0);
      assertThat(request.method()).isEqualTo("GET");
      assertThat(request.path()).isEqualTo("/");
      assertThat(request.header("Authorization")).isEmpty();
      assertThat(request.header("x-amz-security-token")).isEmpty();
    }
  }

  @Test
  void prime_withoutARegion_returnsWithoutThrowing() {
    SecretSource source = source(Map.of());

    assertThatCode(() -> source.prime(Duration.ofSeconds(1))).doesNotThrowAnyException();
  }

  @Test
  void prime_endpointThatRefusesConnections_returnsWithinTheTimeoutWithoutThrowing() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    SecretSource source = source(Map.of("AWS_REGION", "us-east-1", AwsSettings.S3_EMULATOR_HOST, "127.0.0.1:" + port));

    long start = System.nanoTime();
    assertThatCode(() -> source.prime(Duration.ofSeconds(1))).doesNotThrowAnyException();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void storeModule_carriesNoS3Sdk() {
    assertThat(getClass().getClassLoader().getResource("software/amazon/awssdk/services/s3/S3Client.class"))
        .as("the S3 SDK on the store module's class path").isNull();
  }
}
