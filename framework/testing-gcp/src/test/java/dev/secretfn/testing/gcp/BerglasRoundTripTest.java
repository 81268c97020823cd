package dev.secretfn.testing.gcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.NoCredentials;
import com.google.cloud.kms.v1.DecryptRequest;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.kms.v1.KeyManagementServiceSettings;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Both emulators together, as secretfn's Berglas path will use them: the object's metadata names the KMS key, the
 * body is {@code b64(KMS-wrapped DEK) ":" b64(nonce || AES-GCM ciphertext || tag)}, and the DEK is unwrapped with
 * the object name as additional authenticated data.
 */
class BerglasRoundTripTest {
  private static final String KEY = "projects/p1/locations/global/keyRings/berglas/cryptoKeys/berglas-key";

  @Test
  void berglasObject_readWithStorageAndUnwrappedWithKms_yieldsThePlaintext() throws Exception {
    try (CloudKmsEmulator kms = CloudKmsEmulator.start(); CloudStorageEmulator gcs = CloudStorageEmulator.start()) {
      kms.createKey(KEY);
      byte[] body = berglasBody(kms, "app/db-password", "hunter2".getBytes(UTF_8));
      long generation = gcs.putObject("secrets", "app/db-password", body,
          Map.of("berglas-kms-key", KEY, "berglas-secret", "1"));

      Storage storage = StorageOptions.http().setHost(gcs.endpoint()).setProjectId("test")
          .setCredentials(NoCredentials.getInstance()).build().getService();
      Blob blob = storage.get(BlobId.of("secrets", "app/db-password"));
      byte[] read = storage.readAllBytes(BlobId.of("secrets", "app/db-password", blob.getGeneration()));
      String[] parts = new String(read, UTF_8).split(":");
      byte[] dek;
      try (KeyManagementServiceClient client = KeyManagementServiceClient.create(
          KeyManagementServiceSettings.newHttpJsonBuilder().setEndpoint(kms.endpoint())
              .setCredentialsProvider(NoCredentialsProvider.create()).build())) {
        dek = client.decrypt(DecryptRequest.newBuilder()
            .setName(blob.getMetadata().get("berglas-kms-key"))
            .setCiphertext(ByteString.copyFrom(Base64.getDecoder().decode(parts[0])))
            .setAdditionalAuthenticatedData(ByteString.copyFromUtf8("app/db-password"))
            .build()).getPlaintext().toByteArray();
      }
      byte[] sealed = Base64.getDecoder().decode(parts[1]);
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dek, "AES"), new GCMParameterSpec(128, sealed, 0, 12));

      assertThat(blob.getGeneration()).isEqualTo(generation);
      assertThat(gcm.doFinal(sealed, 12, sealed.length - 12)).isEqualTo("hunter2".getBytes(UTF_8));
      storage.close();
    }
  }

  private static byte[] berglasBody(CloudKmsEmulator kms, String objectName, byte[] plaintext) throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] dek = new byte[32];
    byte[] nonce = new byte[12];
    random.nextBytes(dek);
    random.nextBytes(nonce);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] sealed = gcm.doFinal(plaintext);
    byte[] local = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    byte[] wrapped = kms.encrypt(KEY, dek, objectName.getBytes(UTF_8));
    return (Base64.getEncoder().encodeToString(wrapped) + ":" + Base64.getEncoder().encodeToString(local))
        .getBytes(UTF_8);
  }
}
