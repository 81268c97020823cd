package dev.secretfn.vault.aws;

import dev.secretfn.Environment;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.internal.JsonFields;
import dev.secretfn.spi.SourceException;
import dev.secretfn.vault.VaultLogin;
import dev.secretfn.vault.VaultLoginContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Vault's aws auth method, {@code iam} type: a {@code sts:GetCallerIdentity} request signed with the SDK's
 * {@link AwsV4HttpSigner} and the function's credentials, which Vault forwards to STS to learn who signed it.
 * The function itself never calls STS. Signed for the global endpoint {@code https://sts.amazonaws.com/}
 * (region us-east-1), which is what Vault's aws method calls unless configured with {@code sts_endpoint}; for
 * a regional endpoint, {@value #STS_REGION_VARIABLE} names its region (as for the Vault Lambda extension), or
 * {@code AWS_STS_REGIONAL_ENDPOINTS=regional} picks the function's own region.
 */
final class AwsIamLogin implements VaultLogin {
  static final String STS_URL = "https://sts.amazonaws.com/";
  static final String STS_REGION = "us-east-1";
  static final String STS_REGION_VARIABLE = "VAULT_STS_ENDPOINT_REGION";
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";
  static final String SERVER_ID_HEADER = "X-Vault-AWS-IAM-Server-ID";

  private final AwsCredentialsProvider credentials;
  private final Environment environment;

  AwsIamLogin(AwsCredentialsProvider credentials, Environment environment) {
    this.credentials = credentials;
    this.environment = environment;
  }

  /** The global endpoint, or the regional one the environment asks for. */
  String[] endpoint() throws SourceException {
    Optional<String> region = environment.get(STS_REGION_VARIABLE);
    if (region.isEmpty() && environment.get("AWS_STS_REGIONAL_ENDPOINTS").filter("regional"::equals).isPresent()) {
      region = environment.get("AWS_REGION");
    }
    if (region.isEmpty()) {
      return new String[] {STS_URL, STS_REGION};
    }
    if (!REGION.matcher(region.get()).matches()) {
      throw SourceException.permanent(Step.SOURCE_SETUP, STS_REGION_VARIABLE + " (or AWS_REGION) is not an AWS"
          + " region such as eu-west-1").withHint("set it to the region of the STS endpoint Vault's aws method uses");
    }
    return new String[] {"https://sts." + region.get() + ".amazonaws.com/", region.get()};
  }

  @Override
  public String method() {
    return "aws";
  }

  @Override
  public Secret loginBody(VaultLoginContext context) throws SourceException {
    AwsCredentials identity;
    try {
      identity = credentials.resolveCredentials();
    } catch (SdkClientException e) {
      throw SourceException.permanent(Step.SOURCE_SETUP, "no AWS credentials for the Vault login ("
          + e.getClass().getSimpleName() + ")").withCause(e)
          .withHint("run on Lambda with an execution role, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }
    String[] endpoint = endpoint();
    SdkHttpRequest.Builder request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(URI.create(endpoint[0]))
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    // Signed like every other header, so a login captured for one Vault cannot be replayed at another.
    context.iamServerId().ifPresent(id -> request.putHeader(SERVER_ID_HEADER, id));
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(identity)
        .request(request.build())
        .payload(ContentStreamProvider.fromUtf8String(BODY))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
        .putProperty(AwsV4HttpSigner.REGION_NAME, endpoint[1]));
    Base64.Encoder b64 = Base64.getEncoder();
    byte[] headers = headersJson(signed.request().headers());
    String encodedHeaders = b64.encodeToString(headers);
    Arrays.fill(headers, (byte) 0);
    byte[] body = ("{\"role\":" + JsonFields.quote(context.role())
        + ",\"iam_http_request_method\":\"POST\""
        + ",\"iam_request_url\":\"" + b64.encodeToString(endpoint[0].getBytes(StandardCharsets.UTF_8)) + "\""
        + ",\"iam_request_body\":\"" + b64.encodeToString(BODY.getBytes(StandardCharsets.UTF_8)) + "\""
        + ",\"iam_request_headers\":\"" + encodedHeaders + "\"}").getBytes(StandardCharsets.UTF_8);
    try {
      return Secret.copyOf(body);
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  /** Vault's shape for the headers: {@code {"Name": ["value", ...]}}. */
  static byte[] headersJson(Map<String, List<String>> headers) {
    StringBuilder out = new StringBuilder("{");
    headers.forEach((name, values) -> {
      out.append(out.length() == 1 ? "" : ",").append(JsonFields.quote(name)).append(":[");
      for (int i = 0; i < values.size(); i++) {
        out.append(i == 0 ? "" : ",").append(JsonFields.quote(values.get(i)));
      }
      out.append(']');
    });
    return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "AwsIamLogin";
  }
}
