package dev.secretfn.bench.naive.gcf;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.NoCredentials;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.kms.v1.KeyManagementServiceSettings;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The naive comparator for 10 secrets, the seed's way: when the instance starts, a {@link
 * KeyManagementServiceClient} with default settings (gRPC transport) decrypts the 8 bare ciphertexts {@code S1} to
 * {@code S8} one after another under {@code KMS_CRYPTO_KEY_ID}, then a default (HTTP) {@link Storage} client reads
 * the JSON object {@code SECRETS_BUCKET}/{@code SECRETS_OBJECT} and Gson picks {@code username} and {@code
 * password}. No parallelism, no deadline, no checksum checks, no retries beyond the clients' defaults.
 *
 * <p>Emulators (benchmark only): {@value #KMS_EMULATOR} and {@value #STORAGE_EMULATOR} ({@code 127.0.0.1:PORT})
 * override the two endpoints. Reaching a loopback emulator takes two more changes that production never makes:
 * a plaintext gRPC channel (the emulator has no TLS certificate) and no credentials (nothing to authenticate to;
 * default credentials would also probe the metadata server). Every other setting stays the library's default.
 */
public final class NaiveTenSecretsFunction implements HttpFunction {
  static final String KMS_EMULATOR = "KMS_GRPC_EMULATOR_HOST";
  static final String STORAGE_EMULATOR = "STORAGE_EMULATOR_HOST";
  private static final int KMS_SECRETS = 8;

  private final int length;

  public NaiveTenSecretsFunction() throws IOException {
    this(System.getenv());
  }

  /** Reads {@code env} instead of the process environment (for tests). */
  NaiveTenSecretsFunction(Map<String, String> env) throws IOException {
    String keyName = required(env, "KMS_CRYPTO_KEY_ID");
    // Like the seed, the client is created for start-up and never closed.
    KeyManagementServiceClient kms = KeyManagementServiceClient.create(kmsSettings(env));
    int total = 0;
    for (int i = 1; i <= KMS_SECRETS; i++) {
      ByteString ciphertext = ByteString.copyFrom(Base64.getDecoder().decode(required(env, "S" + i)));
      String plaintext = kms.decrypt(keyName, ciphertext).getPlaintext().toStringUtf8().trim();
      total += plaintext.length();
    }

    Storage storage = storageOptions(env).getService();
    byte[] object = storage.readAllBytes(BlobId.of(required(env, "SECRETS_BUCKET"), required(env, "SECRETS_OBJECT")));
    JsonObject json = JsonParser.parseString(new String(object, StandardCharsets.UTF_8)).getAsJsonObject();
    String user = json.get("username").getAsString();
    String pass = json.get("password").getAsString();
    this.length = total + user.length() + pass.length();
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    response.getWriter().write("ok " + length);
  }

  /** Number of secret characters read at start-up (never a secret). */
  int length() {
    return length;
  }

  private static KeyManagementServiceSettings kmsSettings(Map<String, String> env) throws IOException {
    String emulator = env.get(KMS_EMULATOR);
    if (emulator == null) {
      return KeyManagementServiceSettings.newBuilder().build();
    }
    return KeyManagementServiceSettings.newBuilder()
        .setEndpoint(emulator)
        .setTransportChannelProvider(KeyManagementServiceSettings.defaultGrpcTransportProviderBuilder()
            .setChannelConfigurator(channel -> channel.usePlaintext())
            .build())
        .setCredentialsProvider(NoCredentialsProvider.create())
        .build();
  }

  private static StorageOptions storageOptions(Map<String, String> env) {
    String emulator = env.get(STORAGE_EMULATOR);
    if (emulator == null) {
      return StorageOptions.getDefaultInstance();
    }
    return StorageOptions.newBuilder()
        .setHost("http://" + emulator)
        .setCredentials(NoCredentials.getInstance())
        .build();
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(name + " is not set: the naive comparator reads it at start-up");
    }
    return value;
  }
}
