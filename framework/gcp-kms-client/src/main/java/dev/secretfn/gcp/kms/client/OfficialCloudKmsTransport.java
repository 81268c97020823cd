package dev.secretfn.gcp.kms.client;

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
import dev.secretfn.gcp.kms.internal.CloudKmsTransport;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Cloud KMS Decrypt through google-cloud-kms's {@link KeyManagementServiceClient}, built on the first call. */
final class OfficialCloudKmsTransport implements CloudKmsTransport {
  private final Lazy<KeyManagementServiceClient> client;

  @Inject
  OfficialCloudKmsTransport(Lazy<KeyManagementServiceClient> client) {
    this.client = client;
  }

  @Override
  public Answer decrypt(Request request, Duration timeout, Step step) throws SourceException, InterruptedException {
    DecryptRequest.Builder call = DecryptRequest.newBuilder()
        .setName(request.cryptoKey())
        .setCiphertext(ByteString.copyFrom(request.ciphertext()))
        .setCiphertextCrc32C(Int64Value.of(request.ciphertextCrc32c()));
    if (request.additionalData().length > 0) {
      call.setAdditionalAuthenticatedData(ByteString.copyFrom(request.additionalData()))
          .setAdditionalAuthenticatedDataCrc32C(Int64Value.of(request.additionalDataCrc32c()));
    }
    DecryptResponse response;
    // Waited for here, not by the client: a client-side timeout would start gax-httpjson's deadline scheduler,
    // a non-daemon thread that lives as long as the client and keeps a JVM whose start-up failed from exiting.
    ApiFuture<DecryptResponse> future = client.get().decryptCallable().futureCall(call.build());
    try {
      response = future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof ApiException) {
        throw ApiExceptions.classify((ApiException) cause, request.cryptoKey(), step);
      }
      throw SourceException.retryable(step, "calling Cloud KMS for " + request.cryptoKey() + " failed: "
          + cause.getClass().getSimpleName()).withCause(cause);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw GcpErrors.kmsTimeout(request.cryptoKey(), step);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    }
    return new Answer(response.getPlaintext().toByteArray(), response.hasPlaintextCrc32C()
        ? OptionalLong.of(response.getPlaintextCrc32C().getValue()) : OptionalLong.empty());
  }

  /**
   * Loads the request and answer messages' classes (protobuf descriptors) and nothing else: building the
   * client would read Application Default Credentials, which must not enter a snapshot.
   */
  @Override
  public void prime(Duration timeout) {
    DecryptRequest.newBuilder().setName("priming").setCiphertext(ByteString.copyFrom(new byte[32]))
        .setCiphertextCrc32C(Int64Value.of(0)).build().toByteArray();
    DecryptResponse.getDefaultInstance().getPlaintext();
  }

  @Override
  public String toString() {
    return "OfficialCloudKmsTransport";
  }
}
