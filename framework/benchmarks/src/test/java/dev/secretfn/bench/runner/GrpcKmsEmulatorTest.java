package dev.secretfn.bench.runner;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.kms.v1.DecryptRequest;
import com.google.cloud.kms.v1.DecryptResponse;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.kms.v1.KeyManagementServiceSettings;
import com.google.cloud.kms.v1.ProtectionLevel;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** google-cloud-kms over its default gRPC transport, unchanged but for endpoint, plaintext and no credentials. */
class GrpcKmsEmulatorTest {
  private static final String KEY = "projects/p/locations/global/keyRings/r/cryptoKeys/k";
  private static final byte[] AAD = "db.json".getBytes(UTF_8);

  private CloudKmsEmulator rest;
  private GrpcKmsEmulator grpc;
  private KeyManagementServiceClient client;

  @BeforeEach
  void start() throws Exception {
    rest = CloudKmsEmulator.start();
    rest.createKey(KEY);
    grpc = GrpcKmsEmulator.start(rest);
    client = KeyManagementServiceClient.create(KeyManagementServiceSettings.newBuilder()
        .setEndpoint(grpc.hostAndPort())
        .setTransportChannelProvider(KeyManagementServiceSettings.defaultGrpcTransportProviderBuilder()
            .setChannelConfigurator(channel -> channel.usePlaintext())
            .build())
        .setCredentialsProvider(NoCredentialsProvider.create())
        .build());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    grpc.close();
    rest.close();
  }

  @Test
  void decrypt_ofTheRestEmulatorsCiphertext_answersPlaintextAndItsChecksum() {
    byte[] ciphertext = rest.encrypt(KEY, "pa\u00dfword".getBytes(UTF_8), AAD);

    DecryptResponse answer = client.decrypt(DecryptRequest.newBuilder()
        .setName(KEY)
        .setCiphertext(ByteString.copyFrom(ciphertext))
        .setCiphertextCrc32C(Int64Value.of(GrpcKmsEmulator.crc32c(ciphertext)))
        .setAdditionalAuthenticatedData(ByteString.copyFrom(AAD))
        .setAdditionalAuthenticatedDataCrc32C(Int64Value.of(GrpcKmsEmulator.crc32c(AAD)))
        .build());

    assertThat(answer.getPlaintext().toStringUtf8()).isEqualTo("pa\u00dfword");
    assertThat(answer.getPlaintextCrc32C().getValue())
        .isEqualTo(GrpcKmsEmulator.crc32c(answer.getPlaintext().toByteArray()));
    assertThat(answer.getProtectionLevel()).isEqualTo(ProtectionLevel.SOFTWARE);
    assertThat(grpc.requests()).isEqualTo(1);
    assertThat(rest.requests()).isEmpty();
  }

  @Test
  void decrypt_theSeedsWay_nameAndCiphertextOnly_roundTrips() {
    byte[] ciphertext = rest.encrypt(KEY, "s3cret".getBytes(UTF_8), new byte[0]);

    assertThat(client.decrypt(KEY, ByteString.copyFrom(ciphertext)).getPlaintext().toStringUtf8())
        .isEqualTo("s3cret");
  }

  @Test
  void decrypt_withAWrongChecksumOrOtherAad_isInvalidArgument() {
    byte[] ciphertext = rest.encrypt(KEY, "s3cret".getBytes(UTF_8), AAD);
    DecryptRequest.Builder request = DecryptRequest.newBuilder().setName(KEY)
        .setCiphertext(ByteString.copyFrom(ciphertext));

    assertThatThrownBy(() -> client.decrypt(request.clone()
        .setAdditionalAuthenticatedData(ByteString.copyFrom(AAD))
        .setCiphertextCrc32C(Int64Value.of(GrpcKmsEmulator.crc32c(ciphertext) ^ 1)).build()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("ciphertext_crc32c did not match");
    assertThatThrownBy(() -> client.decrypt(request.clone().build()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("the ciphertext is invalid");
  }

  @Test
  void decrypt_underAnUnknownKey_isNotFound() {
    byte[] ciphertext = rest.encrypt(KEY, "s3cret".getBytes(UTF_8), new byte[0]);

    assertThatThrownBy(() -> client.decrypt(KEY + "x", ByteString.copyFrom(ciphertext)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(KEY + "x not found");
  }

  @Test
  void latency_delaysEveryRequest() {
    byte[] ciphertext = rest.encrypt(KEY, "s3cret".getBytes(UTF_8), new byte[0]);
    client.decrypt(KEY, ByteString.copyFrom(ciphertext)); // the channel connects on the first call

    grpc.latency(Duration.ofMillis(60));
    long start = System.nanoTime();
    client.decrypt(KEY, ByteString.copyFrom(ciphertext));
    client.decrypt(KEY, ByteString.copyFrom(ciphertext));

    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(120);
    assertThat(grpc.requests()).isEqualTo(3);
  }
}
