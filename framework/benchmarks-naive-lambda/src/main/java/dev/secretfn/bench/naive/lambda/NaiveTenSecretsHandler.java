package dev.secretfn.bench.naive.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The naive comparator for 10 secrets, the Lambda console's way: during INIT, {@link KmsClient#create()} (default
 * HTTP client, retries, credentials chain, region from {@code AWS_REGION}) decrypts the 8 bare ciphertexts {@code
 * S1} to {@code S8} one after another with the console's encryption context {@code {"LambdaFunctionName":
 * <function name>}}, then {@link S3Client#create()} gets the JSON object {@code SECRETS_BUCKET}/{@code
 * SECRETS_OBJECT} and the SDK's own JSON parser picks {@code username} and {@code password}.
 *
 * <p>Emulators (benchmark only): {@code AWS_ENDPOINT_URL_KMS} and {@code AWS_ENDPOINT_URL_S3} (the SDK's own
 * variable names, read here from {@code env} so that tests can pass them) override the two endpoints, and S3 then
 * uses path-style requests ({@code http://127.0.0.1:PORT/bucket/key}: a bucket cannot be a subdomain of an IP
 * address). Everything else stays the SDK's default; credentials come from the default chain, which finds
 * Lambda's {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}.
 */
public final class NaiveTenSecretsHandler implements RequestHandler<Map<String, Object>, String> {
  private static final int KMS_SECRETS = 8;

  private final int length;

  public NaiveTenSecretsHandler() {
    this(System.getenv());
  }

  /** Reads the secrets' variables from {@code env} (for tests); the clients still read their own settings. */
  NaiveTenSecretsHandler(Map<String, String> env) {
    Map<String, String> context = Map.of("LambdaFunctionName", required(env, "AWS_LAMBDA_FUNCTION_NAME"));
    // Like the console's snippet, the clients are built for start-up and never closed.
    KmsClient kms = endpoint(env, "AWS_ENDPOINT_URL_KMS")
        .map(uri -> KmsClient.builder().endpointOverride(uri).build())
        .orElseGet(KmsClient::create);
    int total = 0;
    for (int i = 1; i <= KMS_SECRETS; i++) {
      SdkBytes ciphertext = SdkBytes.fromByteArray(Base64.getDecoder().decode(required(env, "S" + i)));
      String plaintext = kms.decrypt(r -> r.ciphertextBlob(ciphertext).encryptionContext(context))
          .plaintext().asUtf8String();
      total += plaintext.length();
    }

    S3Client s3 = endpoint(env, "AWS_ENDPOINT_URL_S3")
        .map(uri -> S3Client.builder().endpointOverride(uri).forcePathStyle(true).build())
        .orElseGet(S3Client::create);
    String object = s3.getObjectAsBytes(r -> r.bucket(required(env, "SECRETS_BUCKET"))
        .key(required(env, "SECRETS_OBJECT"))).asUtf8String();
    Map<String, JsonNode> json = JsonNode.parser().parse(object).asObject();
    String user = json.get("username").text();
    String pass = json.get("password").text();
    this.length = total + user.length() + pass.length();
  }

  @Override
  public String handleRequest(Map<String, Object> event, Context context) {
    return "ok " + length;
  }

  /** Number of secret characters read during INIT (never a secret). */
  int length() {
    return length;
  }

  private static Optional<URI> endpoint(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(URI::create);
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(name + " is not set: the naive comparator reads it during INIT");
    }
    return value;
  }
}
