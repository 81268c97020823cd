package dev.secretfn.aws.internal;

import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Not an API: signs a lean AWS call with Signature Version 4 in headers, byte for byte as the SDK's
 * {@code AwsV4HttpSigner} signs it (the project's {@link SigV4}, which its tests hold to that signer and to AWS's
 * published test suite), with credentials from the SDK's providers ({@link AwsModule#credentials}): the execution
 * role's variables on Lambda, the container credentials endpoint under SnapStart, the default chain elsewhere.
 * The SDK's signer costs a few hundred milliseconds and hundreds of classes at its first use in a fresh JVM;
 * this one costs a MessageDigest and a Mac. Thread-safe.
 */
public final class AwsRequestSigner {
  private final AwsCredentialsProvider credentials;
  private final Clock clock;

  public AwsRequestSigner(AwsCredentialsProvider credentials) {
    this(credentials, Clock.systemUTC());
  }

  /** With the clock the signing time comes from, for tests. */
  AwsRequestSigner(AwsCredentialsProvider credentials, Clock clock) {
    this.credentials = credentials;
    this.clock = clock;
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

  /** As the SDK's signer with DOUBLE_URL_ENCODE and NORMALIZE_PATH both {@code !pathAsSent}. */
  Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body,
      String service, String region, boolean pathAsSent) throws SourceException {
    AwsCredentials identity = resolve(credentials);
    // As the SDK's request: one entry per header whatever the case of its name; the first spelling stays.
    TreeMap<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> header : headers.entrySet()) {
      out.put(header.getKey(), header.getValue());
    }
    if (identity.accessKeyId() == null && identity.secretAccessKey() == null) {
      return new LinkedHashMap<>(out); // anonymous credentials: the SDK sends the request unsigned
    }
    String accessKeyId = trim(identity.accessKeyId());
    String secretAccessKey = trim(identity.secretAccessKey());
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ENGLISH);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("Protocol must be 'http' or 'https', but was " + uri.getScheme());
    }
    // The SDK signs the payload (PAYLOAD_SIGNING_ENABLED defaults to true), no body as an empty one, and sends
    // the hash in x-amz-content-sha256 for every service.
    String payloadHash = SigV4.hex(SigV4.sha256(body == null ? new byte[0] : body));
    out.put("x-amz-content-sha256", payloadHash);
    if (identity instanceof AwsSessionCredentials) {
      out.put("X-Amz-Security-Token", trim(((AwsSessionCredentials) identity).sessionToken()));
    }
    if (out.get("Host") == null) {
      int port = uri.getPort();
      boolean standard = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
      out.put("Host", standard ? uri.getHost() : new StringBuilder().append(uri.getHost()).append(':').append(port)
          .toString());
    }
    String amzDate = SigV4.amzDate(clock.millis());
    out.put("X-Amz-Date", amzDate);

    TreeMap<String, List<String>> signed = new TreeMap<>();
    for (Map.Entry<String, String> header : out.entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ENGLISH);
      if (!SigV4.unsigned(name)) {
        signed.put(name, Collections.singletonList(header.getValue()));
      }
    }
    String canonical = SigV4.canonicalRequest(method, uri, signed, payloadHash, !pathAsSent, !pathAsSent);
    String scope = SigV4.scope(amzDate, region, service);
    String signature = SigV4.signature(secretAccessKey, amzDate, region, service,
        SigV4.stringToSign(amzDate, scope, canonical));
    // StringBuilder, not '+': see SigV4.
    out.put("Authorization", new StringBuilder(256).append(SigV4.ALGORITHM).append(" Credential=")
        .append(accessKeyId).append('/').append(scope).append(", SignedHeaders=")
        .append(SigV4.signedHeaderNames(signed)).append(", Signature=").append(signature).toString());
    return new LinkedHashMap<>(out);
  }

  private static String trim(String value) {
    return value == null ? null : value.trim();
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
