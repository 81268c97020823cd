package dev.secretfn.bench.runner;

import com.google.cloud.kms.v1.DecryptRequest;
import com.google.cloud.kms.v1.DecryptResponse;
import com.google.cloud.kms.v1.ProtectionLevel;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import javax.crypto.AEADBadTagException;

/**
 * Cloud KMS {@code Decrypt} over gRPC (plaintext HTTP/2 on 127.0.0.1, an ephemeral port), for the naive comparator,
 * whose default client speaks gRPC while the project's {@link CloudKmsEmulator} speaks REST only. The keys and the
 * crypto are that emulator's ({@link CloudKmsEmulator#decrypt}), so one ciphertext decrypts alike on both wires.
 * Only {@code Decrypt} is served (other methods answer UNIMPLEMENTED).
 *
 * <p>The service is defined here from the method's wire name and the request and response messages of
 * proto-google-cloud-kms-v1, as the generated {@code KeyManagementServiceGrpc} would define it: that stub's
 * artifact (grpc-google-cloud-kms-v1) is not published at the version libraries-bom 26.90.0 names.
 *
 * <p>As the REST emulator: request checksums ({@code ciphertext_crc32c}, {@code
 * additional_authenticated_data_crc32c}) are verified, {@code plaintext_crc32c} is answered, and every request is
 * counted then delayed by {@link #latency}. The REST emulator's fault knobs (failures, resets, denials, checksum
 * corruption) are not mirrored: the benchmark uses none. Kept out of framework/testing so its users do not inherit
 * gRPC;
 * public for the naive functions' tests in their own packages.
 */
public final class GrpcKmsEmulator implements AutoCloseable {
  static final String SERVICE = "google.cloud.kms.v1.KeyManagementService";
  static final MethodDescriptor<DecryptRequest, DecryptResponse> DECRYPT =
      MethodDescriptor.<DecryptRequest, DecryptResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Decrypt"))
          .setRequestMarshaller(ProtoUtils.marshaller(DecryptRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(DecryptResponse.getDefaultInstance()))
          .build();

  private final Server server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Duration latency = Duration.ZERO;

  private GrpcKmsEmulator(CloudKmsEmulator keys) throws IOException {
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(ServerServiceDefinition.builder(SERVICE)
            .addMethod(DECRYPT, ServerCalls.asyncUnaryCall(new Decrypt(Objects.requireNonNull(keys, "keys"))))
            .build())
        .build()
        .start();
  }

  /** Starts a server that decrypts with {@code keys}' CryptoKeys. */
  public static GrpcKmsEmulator start(CloudKmsEmulator keys) throws IOException {
    return new GrpcKmsEmulator(keys);
  }

  /** {@code 127.0.0.1:PORT}, the endpoint a gRPC client takes. */
  public String hostAndPort() {
    return "127.0.0.1:" + server.getPort();
  }

  /** Delays every later request by {@code perRequest}, as {@code EmulatorKnobs#latency} does for REST. */
  public void latency(Duration perRequest) {
    if (perRequest.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, got " + perRequest);
    }
    latency = perRequest;
  }

  /** Requests received so far. */
  public int requests() {
    return requests.get();
  }

  /** Stops the server at once and waits (up to 5 s) for its threads. */
  @Override
  public void close() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The Decrypt method: count, delay, verify checksums, decrypt with the REST emulator's keys. */
  private final class Decrypt implements ServerCalls.UnaryMethod<DecryptRequest, DecryptResponse> {
    private final CloudKmsEmulator keys;

    Decrypt(CloudKmsEmulator keys) {
      this.keys = keys;
    }

    @Override
    public void invoke(DecryptRequest request, StreamObserver<DecryptResponse> answer) {
      requests.incrementAndGet();
      try {
        Duration delay = latency;
        if (!delay.isZero()) {
          Thread.sleep(delay.toMillis());
        }
        answer.onNext(decrypt(request));
        answer.onCompleted();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        answer.onError(Status.CANCELLED.withDescription("the emulator is stopping").asRuntimeException());
      } catch (ApiError e) {
        answer.onError(e.status.asRuntimeException());
      }
    }

    private DecryptResponse decrypt(DecryptRequest request) throws ApiError {
      byte[] ciphertext = request.getCiphertext().toByteArray();
      byte[] aad = request.getAdditionalAuthenticatedData().toByteArray();
      check(request.hasCiphertextCrc32C(), request.getCiphertextCrc32C(), ciphertext, "ciphertext");
      check(request.hasAdditionalAuthenticatedDataCrc32C(), request.getAdditionalAuthenticatedDataCrc32C(), aad,
          "additional_authenticated_data");
      byte[] plaintext;
      try {
        plaintext = keys.decrypt(request.getName(), ciphertext, aad);
      } catch (IllegalArgumentException e) {
        throw new ApiError(Status.NOT_FOUND.withDescription(
            "CryptoKey " + request.getName() + " not found."));
      } catch (AEADBadTagException e) {
        throw new ApiError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
      }
      try {
        return DecryptResponse.newBuilder()
            .setPlaintext(ByteString.copyFrom(plaintext))
            .setPlaintextCrc32C(Int64Value.of(crc32c(plaintext)))
            .setUsedPrimary(true)
            .setProtectionLevel(ProtectionLevel.SOFTWARE)
            .build();
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
    }

    private void check(boolean given, Int64Value crc, byte[] data, String field) throws ApiError {
      if (given && crc.getValue() != crc32c(data)) {
        throw new ApiError(Status.INVALID_ARGUMENT.withDescription(
            "The checksum in field " + field + "_crc32c did not match the data in field " + field + "."));
      }
    }
  }

  /** An error answer in the making, thrown inside request handling (turned into the call's status). */
  private static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Status status;

    ApiError(Status status) {
      super(status.getDescription(), null, false, false);
      this.status = status;
    }
  }

  /** CRC32C as an unsigned 32-bit value, the way Cloud KMS's int64 checksum fields carry it. */
  static long crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }
}
