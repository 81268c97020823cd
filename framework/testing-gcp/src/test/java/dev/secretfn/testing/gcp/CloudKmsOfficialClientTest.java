package dev.secretfn.testing.gcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.api.gax.rpc.UnavailableException;
import com.google.api.gax.rpc.UnknownException;
import com.google.cloud.kms.v1.DecryptRequest;
import com.google.cloud.kms.v1.DecryptResponse;
import com.google.cloud.kms.v1.EncryptRequest;
import com.google.cloud.kms.v1.EncryptResponse;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.kms.v1.KeyManagementServiceSettings;
import com.google.cloud.kms.v1.ProtectionLevel;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.io.IOException;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** google-cloud-kms over REST (HttpJson), unchanged but for its endpoint, against the emulator. */
class CloudKmsOfficialClientTest {
  private static final String KEY = "projects/p1/locations/global/keyRings/ring/cryptoKeys/key";
  private static final ByteString AAD = ByteString.copyFromUtf8("db.json");

  private CloudKmsEmulator kms;
  private KeyManagementServiceClient client;

  @BeforeEach
  void start() throws IOException {
    kms = CloudKmsEmulator.start();
    kms.createKey(KEY);
    client = KeyManagementServiceClient.create(settings(true));
  }

  @AfterEach
  void stop() {
    client.close();
    kms.close();
  }

  private KeyManagementServiceSettings settings(boolean retries) throws IOException {
    KeyManagementServiceSettings.Builder builder = KeyManagementServiceSettings.newHttpJsonBuilder()
        .setEndpoint(kms.endpoint())
        .setCredentialsProvider(NoCredentialsProvider.create());
    if (!retries) {
      builder.decryptSettings().setRetryableCodes(Set.of());
    }
    return builder.build();
  }

  @Test
  void encryptThenDecrypt_withChecksumsAndAad_roundTrips() {
    ByteString plaintext = ByteString.copyFromUtf8("pa\u00dfword");

    EncryptResponse encrypted = client.encrypt(EncryptRequest.newBuilder()
        .setName(KEY)
        .setPlaintext(plaintext)
        .setPlaintextCrc32C(Int64Value.of(Checksums.crc32c(plaintext.toByteArray())))
        .setAdditionalAuthenticatedData(AAD)
        .setAdditionalAuthenticatedDataCrc32C(Int64Value.of(Checksums.crc32c(AAD.toByteArray())))
        .build());
    DecryptResponse decrypted = client.decrypt(DecryptRequest.newBuilder()
        .setName(KEY)
        .setCiphertext(encrypted.getCiphertext())
        .setCiphertextCrc32C(Int64Value.of(Checksums.crc32c(encrypted.getCiphertext().toByteArray())))
        .setAdditionalAuthenticatedData(AAD)
        .setAdditionalAuthenticatedDataCrc32C(Int64Value.of(Checksums.crc32c(AAD.toByteArray())))
        .build());

    assertThat(encrypted.getName()).isEqualTo(KEY + "/cryptoKeyVersions/1");
    assertThat(encrypted.getVerifiedPlaintextCrc32C()).isTrue();
    assertThat(encrypted.getVerifiedAdditionalAuthenticatedDataCrc32C()).isTrue();
    assertThat(encrypted.getCiphertextCrc32C().getValue())
        .isEqualTo(Checksums.crc32c(encrypted.getCiphertext().toByteArray()));
    assertThat(encrypted.getProtectionLevel()).isEqualTo(ProtectionLevel.SOFTWARE);
    assertThat(decrypted.getPlaintext()).isEqualTo(plaintext);
    assertThat(decrypted.getPlaintextCrc32C().getValue()).isEqualTo(Checksums.crc32c(plaintext.toByteArray()));
    assertThat(decrypted.getUsedPrimary()).isTrue();
    assertThat(decrypted.getProtectionLevel()).isEqualTo(ProtectionLevel.SOFTWARE);
  }

  @Test
  void decrypt_ciphertextPreparedByTheEmulator_isReadByTheClient() {
    byte[] ciphertext = kms.encrypt(KEY, "prepared".getBytes(UTF_8), AAD.toByteArray());

    DecryptResponse response = client.decrypt(DecryptRequest.newBuilder().setName(KEY)
        .setCiphertext(ByteString.copyFrom(ciphertext)).setAdditionalAuthenticatedData(AAD).build());

    assertThat(response.getPlaintext().toStringUtf8()).isEqualTo("prepared");
  }

  @Test
  void wire_whatTheRestClientSends() {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), new byte[0]);

    client.decrypt(DecryptRequest.newBuilder().setName(KEY).setCiphertext(ByteString.copyFrom(ciphertext))
        .setCiphertextCrc32C(Int64Value.of(Checksums.crc32c(ciphertext))).build());

    RecordedRequest request = kms.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/" + KEY + ":decrypt");
    assertThat(request.query()).isEqualTo("$alt=json;enum-encoding%3Dint");
    assertThat(request.header("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(request.header("x-goog-request-params")).hasValue("name=" + KEY.replace("/", "%2F"));
    assertThat(request.header("x-goog-api-client")).get().asString().contains("gapic/").contains("rest/");
    // Protobuf JSON: camelCase names, bytes in base64, the Int64Value checksum as a decimal string.
    assertThat(request.bodyUtf8()).isEqualTo("{\"ciphertext\":\"" + CloudKmsEmulatorWireTest.b64(ciphertext)
        + "\",\"ciphertextCrc32c\":\"" + Checksums.crc32c(ciphertext) + "\"}");
  }

  @Test
  void decrypt_wrongAad_invalidArgumentException() {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), AAD.toByteArray());

    assertThatThrownBy(() -> client.decrypt(DecryptRequest.newBuilder().setName(KEY)
        .setCiphertext(ByteString.copyFrom(ciphertext))
        .setAdditionalAuthenticatedData(ByteString.copyFromUtf8("other.json")).build()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Decryption failed: the ciphertext is invalid.");
  }

  @Test
  void decrypt_wrongCiphertextChecksum_invalidArgumentException() {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), new byte[0]);

    assertThatThrownBy(() -> client.decrypt(DecryptRequest.newBuilder().setName(KEY)
        .setCiphertext(ByteString.copyFrom(ciphertext)).setCiphertextCrc32C(Int64Value.of(7)).build()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("ciphertext_crc32c did not match");
  }

  @Test
  void decrypt_unknownKey_notFoundException() {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), new byte[0]);

    assertThatThrownBy(() -> client.decrypt(KEY + "-gone", ByteString.copyFrom(ciphertext)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("CryptoKey " + KEY + "-gone not found.");
  }

  @Test
  void decrypt_denied_permissionDeniedException() {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), new byte[0]);
    kms.knobs().deny("projects/p1/");

    assertThatThrownBy(() -> client.decrypt(KEY, ByteString.copyFrom(ciphertext)))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("cloudkms.cryptoKeyVersions.useToDecrypt");
  }

  @Test
  void decrypt_unavailableWithRetriesOff_unavailableExceptionAfterOneRequest() throws IOException {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), new byte[0]);
    kms.knobs().failNext(1, 503);

    try (KeyManagementServiceClient noRetries = KeyManagementServiceClient.create(settings(false))) {
      assertThatThrownBy(() -> noRetries.decrypt(KEY, ByteString.copyFrom(ciphertext)))
          .isInstanceOf(UnavailableException.class)
          .hasMessageContaining("The service is currently unavailable.");
    }
    assertThat(kms.requests()).hasSize(1);
  }

  @Test
  void decrypt_unavailableTwiceWithDefaultRetries_succeedsOnTheThirdRequest() {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), new byte[0]);
    kms.knobs().failNext(2, 503);

    DecryptResponse response = client.decrypt(KEY, ByteString.copyFrom(ciphertext));

    assertThat(response.getPlaintext().toStringUtf8()).isEqualTo("v");
    assertThat(paths()).hasSize(3).containsOnly("/v1/" + KEY + ":decrypt");
  }

  @Test
  void decrypt_droppedConnectionWithDefaultRetries_unknownExceptionWithoutRetry() {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), new byte[0]);
    kms.knobs().resetNext(1);

    // gax maps the I/O failure to UNKNOWN, which decrypt's default retry codes (UNAVAILABLE,
    // DEADLINE_EXCEEDED) leave alone: whoever wants a retry here must do it.
    assertThatThrownBy(() -> client.decrypt(KEY, ByteString.copyFrom(ciphertext)))
        .isInstanceOf(UnknownException.class)
        .hasRootCauseInstanceOf(SocketException.class);
    assertThat(kms.requests()).hasSize(1);
  }

  @Test
  void decrypt_corruptedResponseChecksum_isNotCheckedByTheClient() {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), new byte[0]);
    kms.knobs().corruptNextChecksum(1);

    DecryptResponse response = client.decrypt(KEY, ByteString.copyFrom(ciphertext));

    // The client hands the response over as is: verifying plaintextCrc32c is the caller's job.
    assertThat(response.getPlaintext().toStringUtf8()).isEqualTo("v");
    assertThat(response.getPlaintextCrc32C().getValue()).isNotEqualTo(Checksums.crc32c("v".getBytes(UTF_8)));
  }

  @Test
  void decryptHook_ofWhatTheServerEncrypted_matchesTheWireAndRejectsOtherAad() throws Exception {
    ByteString plaintext = ByteString.copyFromUtf8("hook-value");
    ByteString ciphertext = client.encrypt(EncryptRequest.newBuilder()
        .setName(KEY).setPlaintext(plaintext).setAdditionalAuthenticatedData(AAD).build()).getCiphertext();

    assertThat(kms.decrypt(KEY, ciphertext.toByteArray(), AAD.toByteArray())).isEqualTo(plaintext.toByteArray());
    assertThatThrownBy(() -> kms.decrypt(KEY, ciphertext.toByteArray(), new byte[0]))
        .isInstanceOf(javax.crypto.AEADBadTagException.class)
        .hasMessage("Decryption failed: the ciphertext is invalid.");
    assertThatThrownBy(() -> kms.decrypt(KEY + "-missing", ciphertext.toByteArray(), AAD.toByteArray()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private List<String> paths() {
    return kms.requests().stream().map(RecordedRequest::path).collect(Collectors.toList());
  }
}
