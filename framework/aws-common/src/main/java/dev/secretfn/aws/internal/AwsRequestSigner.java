package dev.secretfn.aws.internal;

import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Not an API: signs a lean AWS call with the SDK's own Signature Version 4 signer ({@link AwsV4HttpSigner}) and
 * credentials from the SDK's providers ({@link AwsModule#credentials}): the execution role's variables on
 * Lambda, the container credentials endpoint under SnapStart, the default chain elsewhere. Thread-safe.
 */
public final class AwsRequestSigner {
  private final AwsCredentialsProvider credentials;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  public AwsRequestSigner(AwsCredentialsProvider credentials) {
    this.credentials = credentials;
  }

  /**
   * A signer with throwaway static credentials that no account knows, for priming before a SnapStart
   * checkpoint: signing with it loads and initialises the signer without reading the function's credentials.
   */
  public static AwsRequestSigner forPriming() {
    return new AwsRequestSigner(
        StaticCredentialsProvider.create(AwsBasicCredentials.create("secretfn-priming", "secretfn-priming")));
  }

  /**
   * The headers to send: {@code headers} plus {@code Host}, {@code X-Amz-Date}, {@code X-Amz-Security-Token}
   * (temporary credentials) and {@code Authorization}.
   *
   * @param service the signing name ({@code kms}, {@code s3})
   * @throws SourceException at {@link Step#SOURCE_SETUP} when no credentials can be found (permanent, with the
   *     fix)
   */
  public Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body,
      String service, String region) throws SourceException {
    return sign(method, uri, headers, body, service, region, false);
  }

  /**
   * As {@link #sign} for service {@code s3}, by S3's rules for the canonical URI: the path is signed exactly as
   * sent, neither percent-encoded again nor normalised (an object key may hold {@code %}, {@code //} and dot
   * segments), as the S3 client signs.
   */
  public Map<String, String> signS3(String method, URI uri, Map<String, String> headers, byte[] body,
      String region) throws SourceException {
    return sign(method, uri, headers, body, "s3", region, true);
  }

  private Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body,
      String service, String region, boolean pathAsSent) throws SourceException {
    AwsCredentials identity = resolve(credentials);
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    headers.forEach(request::putHeader);
    SdkHttpRequest unsigned = request.build();
    SignedRequest signed = signer.sign(r -> r
        .request(unsigned)
        .identity(identity)
        .payload(body == null ? null : ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !pathAsSent)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !pathAsSent));
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      out.put(header.getKey(), String.join(",", header.getValue()));
    }
    return out;
  }

  /**
   * The credentials {@code provider} gives now (providers cache them), as every AWS transport reports their
   * absence: at {@link Step#SOURCE_SETUP}, permanent, with the fix.
   */
  public static AwsCredentials resolve(AwsCredentialsProvider provider) throws SourceException {
    try {
      return provider.resolveCredentials();
    } catch (SdkClientException e) {
      // The providers' messages name the places they looked, never a key.
      throw SourceException.permanent(Step.SOURCE_SETUP, "no AWS credentials: " + e.getMessage()).withCause(e)
          .withHint("run the function with an execution role; elsewhere set AWS_ACCESS_KEY_ID and"
              + " AWS_SECRET_ACCESS_KEY, or a profile");
    }
  }

  @Override
  public String toString() {
    return "AwsRequestSigner[" + credentials.getClass().getSimpleName() + "]";
  }
}
