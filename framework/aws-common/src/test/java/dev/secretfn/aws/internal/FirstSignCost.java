package dev.secretfn.aws.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Not a test: the cost of the first SigV4 signature in a fresh JVM, the SDK's signer ({@code sdk}, as
 * AwsRequestSigner signed before it had its own) against the project's ({@code project}), or neither
 * ({@code none}, the baseline for class counts; {@code credentials}, the SDK's static credentials both start
 * with). Prints the milliseconds from creating the credentials and the
 * signer to the first signed headers of a KMS Decrypt call. Run in a new JVM per figure, e.g.
 * {@code java -cp <test classpath> dev.secretfn.aws.internal.FirstSignCost project}, with
 * {@code -Xlog:class+load} to count classes.
 */
public final class FirstSignCost {
  private FirstSignCost() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    URI uri = URI.create("https://kms.eu-west-3.amazonaws.com/");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.1");
    headers.put("X-Amz-Target", "TrentService.Decrypt");
    byte[] body = "{\"CiphertextBlob\":\"AA==\"}".getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    Map<String, String> signed;
    switch (mode) {
      case "project":
        signed = new AwsRequestSigner(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
            .sign("POST", uri, headers, body, "kms", "eu-west-3");
        break;
      case "sdk":
        signed = sdk(uri, headers, body);
        break;
      case "credentials":
        // What both signers start with: the SDK's credentials, without signing.
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")).resolveCredentials();
        signed = headers;
        break;
      default:
        signed = headers;
    }
    long micros = (System.nanoTime() - start) / 1000;
    System.out.println(mode + " first sign ms=" + micros / 1000.0 + " headers=" + signed.size());
  }

  private static Map<String, String> sdk(URI uri, Map<String, String> headers, byte[] body) {
    AwsCredentials identity =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")).resolveCredentials();
    AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
    headers.forEach(request::putHeader);
    SdkHttpRequest unsigned = request.build();
    SignedRequest signed = signer.sign(r -> r
        .request(unsigned)
        .identity(identity)
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-3")
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, true)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, true));
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      out.put(header.getKey(), String.join(",", header.getValue()));
    }
    return out;
  }
}
