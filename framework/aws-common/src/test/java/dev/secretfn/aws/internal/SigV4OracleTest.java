package dev.secretfn.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * The project's signer against the SDK's {@link AwsV4HttpSigner} (the oracle) on generated requests: the headers
 * each returns, names, values and order, must be the same strings. The generator leans on what differs between
 * signers: paths with escapes, '%', '//', dot segments, '+', '~' and non-ASCII; queries with repeated, empty and
 * nameless parameters and reserved characters; header names in mixed case (and colliding with the ones the signer
 * adds), values with runs of whitespace, unsigned headers; bodies null, empty and binary; http and https, default
 * and other ports; kms and s3; the path signed as sent or normalised and encoded again; basic and session
 * credentials; fixed clocks over two centuries.
 */
class SigV4OracleTest {
  private static final int CASES = 3000;
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD"};
  private static final String[] HOSTS = {"kms.us-east-1.amazonaws.com", "127.0.0.1", "localhost",
      "my-bucket.s3.eu-west-3.amazonaws.com", "s3.dualstack.ap-southeast-2.amazonaws.com"};
  private static final int[] PORTS = {-1, -1, 80, 443, 4566, 8443};
  private static final String[] SEGMENTS = {"a", "key", "b%20c", "%25", "%2F", "%2f", ".", "..", "", "+", "~",
      "%7E", "%E6%97%A5%E6%9C%AC", "\u00fc", "\u65e5", "a:b", "@", "!$&'()*,;=", "-_.", "x%2By", "%252F", "a.b",
      "...", "%2e", "%2E%2E", "Decrypt", "obj%20with%20spaces"};
  private static final String[] NAMES = {"a", "A", "b", "a%20b", "a+b", "%E2%82%AC", "", "k~", "%2B", "*",
      "x-id", "list-type", "prefix", "versionId", "uploads", "%3D", "a.b"};
  private static final String[] VALUES = {"", "1", "v+w", "%3D", "%26", "a%2Fb", "\u00fc", "=", "==x", "a%20b",
      "%20", "*", "~", "GetObject", "%E2%82%AC", "0"};
  private static final String[] HEADER_NAMES = {"Content-Type", "content-type", "X-Amz-Target", "x-amz-target",
      "X-Custom", "x-custom", "User-Agent", "Connection", "Expect", "X-Amzn-Trace-Id", "Accept",
      "x-amz-meta-a_b", "X-Amz-Date", "x-amz-date", "Host", "HOST", "X-Amz-Content-SHA256", "X-Amz-Security-Token",
      "authorization", "Range", "If-None-Match", "x-amz-checksum-mode", "X_Under", "x-amz-meta-Z"};
  private static final String[] HEADER_VALUES = {"application/x-amz-json-1.1", "  a   b  ", "\tx\t", "a,b", "",
      " ", "TrentService.Decrypt", "\u00fc", "a  \t b", "bytes=0-99", "\"etag\"", "ENABLED", "x\n  y",
      "example.com:1234", "v1,  v2 ,v3", "\u000bv\f"};
  private static final String[] REGIONS = {"us-east-1", "eu-west-3", "ap-southeast-2", "cn-north-1"};

  @Test
  void sign_generatedRequests_sameHeadersAsTheSdkSigner() {
    Random random = new Random(20_240_612L);
    for (int i = 0; i < CASES; i++) {
      Case c = generate(random);
      assertThat(entries(project(c))).as("case %d: %s", i, c).isEqualTo(entries(sdk(c)));
    }
  }

  @Test
  void sign_kmsAndS3Defaults_sameHeadersAsTheSdkSigner() {
    // The two calls the lean transports make, as they make them.
    Case kms = new Case("POST", URI.create("https://kms.eu-west-3.amazonaws.com/"),
        Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "TrentService.Decrypt"),
        "{\"CiphertextBlob\":\"AA==\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "kms", "eu-west-3",
        false, AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "token"),
        Instant.parse("2026-03-01T00:00:59.999Z"));
    Case s3 = new Case("GET", URI.create("https://b.s3.eu-west-3.amazonaws.com/a//b/../c%20d?x-id=GetObject"),
        Map.of("x-amz-checksum-mode", "ENABLED"), null, "s3", "eu-west-3", true,
        AwsBasicCredentials.create("AKIDEXAMPLE", "secret"), Instant.parse("2024-02-29T23:59:59Z"));
    for (Case c : List.of(kms, s3)) {
      assertThat(entries(project(c))).as("%s", c).isEqualTo(entries(sdk(c)));
    }
  }

  private static List<Map.Entry<String, String>> entries(Map<String, String> headers) {
    return new ArrayList<>(headers.entrySet());
  }

  private static Map<String, String> project(Case c) {
    AwsRequestSigner signer = new AwsRequestSigner(provider(c), Clock.fixed(c.instant, ZoneOffset.UTC));
    try {
      return signer.sign(c.method, c.uri, c.headers, c.body, c.service, c.region, c.pathAsSent);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** What AwsRequestSigner did before it had its own signer, with the case's clock. */
  private static Map<String, String> sdk(Case c) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(c.method)).uri(c.uri);
    c.headers.forEach(request::putHeader);
    SdkHttpRequest unsigned = request.build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .request(unsigned)
        .identity(c.credentials)
        .payload(c.body == null ? null : ContentStreamProvider.fromByteArrayUnsafe(c.body))
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(c.instant, ZoneOffset.UTC))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, c.service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, c.region)
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !c.pathAsSent)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !c.pathAsSent));
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      out.put(header.getKey(), String.join(",", header.getValue()));
    }
    return out;
  }

  private static AwsCredentialsProvider provider(Case c) {
    return StaticCredentialsProvider.create(c.credentials);
  }

  private static Case generate(Random random) {
    String scheme = random.nextBoolean() ? "https" : "http";
    int port = pick(random, PORTS);
    String authority = pick(random, HOSTS) + (port == -1 ? "" : ":" + port);
    String path = path(random);
    String query = query(random);
    URI uri = URI.create(scheme + "://" + authority + path + (query == null ? "" : "?" + query));
    Map<String, String> headers = new LinkedHashMap<>();
    int count = random.nextInt(6);
    for (int i = 0; i < count; i++) {
      headers.put(pick(random, HEADER_NAMES), pick(random, HEADER_VALUES));
    }
    byte[] body = null;
    switch (random.nextInt(4)) {
      case 0:
        break;
      case 1:
        body = new byte[0];
        break;
      default:
        body = new byte[random.nextInt(100)];
        random.nextBytes(body);
    }
    boolean s3 = random.nextBoolean();
    String key = random.nextInt(10) == 0 ? " AKID" + random.nextInt(1000) + " " : "AKID" + random.nextInt(1000);
    String secret = "secret/" + Long.toHexString(random.nextLong()) + (random.nextInt(10) == 0 ? "+ " : "+");
    AwsCredentials credentials = random.nextBoolean()
        ? AwsBasicCredentials.create(key, secret)
        : AwsSessionCredentials.create(key, secret, "token/" + Long.toHexString(random.nextLong())
            + (random.nextInt(10) == 0 ? "  " : "=="));
    // 1970 to 2170, with milliseconds.
    Instant instant = Instant.ofEpochMilli((long) (random.nextDouble() * 6_311_433_600_000L));
    return new Case(pick(random, METHODS), uri, headers, body, s3 ? "s3" : "kms", pick(random, REGIONS),
        random.nextBoolean(), credentials, instant);
  }

  private static String path(Random random) {
    switch (random.nextInt(8)) {
      case 0:
        return "";
      case 1:
        return "/";
      default:
        StringBuilder path = new StringBuilder();
        int segments = 1 + random.nextInt(5);
        for (int i = 0; i < segments; i++) {
          path.append('/').append(pick(random, SEGMENTS));
        }
        if (random.nextInt(4) == 0) {
          path.append('/');
        }
        return path.toString();
    }
  }

  private static String query(Random random) {
    switch (random.nextInt(5)) {
      case 0:
      case 1:
        return null;
      case 2:
        return random.nextBoolean() ? "" : "&";
      default:
        StringBuilder query = new StringBuilder();
        int params = 1 + random.nextInt(5);
        for (int i = 0; i < params; i++) {
          if (i > 0) {
            query.append(random.nextInt(8) == 0 ? "&&" : "&");
          }
          query.append(pick(random, NAMES));
          int form = random.nextInt(5);
          if (form > 0) {
            query.append('=').append(pick(random, VALUES));
          }
          if (form == 4) {
            query.append('=').append(pick(random, VALUES));
          }
        }
        return query.toString();
    }
  }

  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  private static int pick(Random random, int[] values) {
    return values[random.nextInt(values.length)];
  }

  private static final class Case {
    final String method;
    final URI uri;
    final Map<String, String> headers;
    final byte[] body;
    final String service;
    final String region;
    final boolean pathAsSent;
    final AwsCredentials credentials;
    final Instant instant;

    Case(String method, URI uri, Map<String, String> headers, byte[] body, String service, String region,
        boolean pathAsSent, AwsCredentials credentials, Instant instant) {
      this.method = method;
      this.uri = uri;
      this.headers = headers;
      this.body = body;
      this.service = service;
      this.region = region;
      this.pathAsSent = pathAsSent;
      this.credentials = credentials;
      this.instant = instant;
    }

    @Override
    public String toString() {
      return method + " " + uri + " headers=" + headers + " body=" + (body == null ? "null" : body.length + " bytes")
          + " " + service + " " + region + " pathAsSent=" + pathAsSent + " " + credentials.getClass().getSimpleName()
          + " " + instant;
    }
  }
}
