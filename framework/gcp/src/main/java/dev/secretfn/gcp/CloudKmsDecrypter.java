package dev.secretfn.gcp;

import com.google.api.gax.httpjson.HttpJsonCallContext;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.kms.v1.DecryptRequest;
import com.google.cloud.kms.v1.DecryptResponse;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import dagger.Lazy;
import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.util.zip.CRC32C;

/**
 * One Cloud KMS decrypt with end-to-end integrity checks: sends {@code ciphertext_crc32c} and the additional
 * authenticated data's checksum, and verifies {@code plaintext_crc32c}. Shared by the Cloud KMS and Berglas
 * sources. A checksum mismatch is retryable (the resolver retries it a bounded number of times, then fails).
 */
final class CloudKmsDecrypter {
  private final Lazy<KeyManagementServiceClient> client;

  @Inject
  CloudKmsDecrypter(Lazy<KeyManagementServiceClient> client) {
    this.client = client;
  }

  /** Returns the plaintext, which the caller owns and must wipe. */
  byte[] decrypt(String cryptoKey, byte[] ciphertext, byte[] additionalData, Step step)
      throws SourceException, InterruptedException {
    DecryptRequest.Builder request = DecryptRequest.newBuilder()
        .setName(cryptoKey)
        .setCiphertext(ByteString.copyFrom(ciphertext))
        .setCiphertextCrc32C(Int64Value.of(crc32c(ciphertext)));
    if (additionalData.length > 0) {
      request.setAdditionalAuthenticatedData(ByteString.copyFrom(additionalData))
          .setAdditionalAuthenticatedDataCrc32C(Int64Value.of(crc32c(additionalData)));
    }
    DecryptResponse response;
    try {
      // No call timeout (see GcpClientsModule): the resolver abandons the call at its deadline; the HTTP
      // transport's own read timeout ends it later.
      response = client.get().decryptCallable().call(request.build(), HttpJsonCallContext.createDefault());
    } catch (ApiException e) {
      throw GcpErrors.kms(e, cryptoKey, step);
    }
    byte[] plaintext = response.getPlaintext().toByteArray();
    if (!response.hasPlaintextCrc32C() || response.getPlaintextCrc32C().getValue() != crc32c(plaintext)) {
      java.util.Arrays.fill(plaintext, (byte) 0);
      throw SourceException.retryable(Step.VERIFY,
          "the plaintext Cloud KMS returned for " + cryptoKey + " failed its CRC32C check (corrupted in transit)");
    }
    return plaintext;
  }

  static long crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }
}
