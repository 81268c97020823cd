package dev.secretfn.gcp.kms.internal;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.kms.v1.DecryptRequest;
import com.google.cloud.kms.v1.DecryptResponse;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import dagger.Lazy;
import dev.secretfn.Step;
import dev.secretfn.gcp.internal.GcpErrors;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32C;

/**
 * One Cloud KMS decrypt with end-to-end integrity checks: sends {@code ciphertext_crc32c} and the additional
 * authenticated data's checksum, and verifies {@code plaintext_crc32c}. Shared by the Cloud KMS and Berglas
 * sources. A checksum mismatch is retryable (the resolver retries it a bounded number of times, then fails).
 *
 * <p>Not an API: public only so that the Berglas store (secretfn-gcp-storage) can share it.
 */
public final class CloudKmsDecrypter {
  private final Lazy<KeyManagementServiceClient> client;

  @Inject
  public CloudKmsDecrypter(Lazy<KeyManagementServiceClient> client) {
    this.client = client;
  }

  /** Returns the plaintext, which the caller owns and must wipe. */
  public byte[] decrypt(String cryptoKey, byte[] ciphertext, byte[] additionalData, Duration timeout, Step step)
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
    // Waited for here, not by the client: a client-side timeout would start gax-httpjson's deadline scheduler,
    // a non-daemon thread that lives as long as the client and keeps a JVM whose start-up failed from exiting.
    ApiFuture<DecryptResponse> call = client.get().decryptCallable().futureCall(request.build());
    try {
      response = call.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof ApiException) {
        throw GcpErrors.kms((ApiException) cause, cryptoKey, step);
      }
      throw SourceException.retryable(step, "calling Cloud KMS for " + cryptoKey + " failed: "
          + cause.getClass().getSimpleName()).withCause(cause);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw SourceException.retryable(step, "Cloud KMS did not answer for " + cryptoKey
          + " before the start-up deadline");
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    }
    byte[] plaintext = response.getPlaintext().toByteArray();
    if (!response.hasPlaintextCrc32C() || response.getPlaintextCrc32C().getValue() != crc32c(plaintext)) {
      java.util.Arrays.fill(plaintext, (byte) 0);
      throw SourceException.retryable(Step.VERIFY,
          "the plaintext Cloud KMS returned for " + cryptoKey + " failed its CRC32C check (corrupted in transit)");
    }
    return plaintext;
  }

  public static long crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }
}
