package dev.secretfn.aws.s3.internal;

import dev.secretfn.testing.emulator.RecordedRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * The Authorization header S3 would compute for a request as the emulator received it (raw path and query,
 * the signed headers' values, the request's own time), by S3's rules (the path signed as received). If the
 * transport signed another path or query than it sent, the two differ.
 */
final class SigV4Oracle {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private SigV4Oracle() {}

  static String authorization(RecordedRequest received, AwsCredentials credentials, String region) {
    String authorization = received.header("Authorization").orElseThrow();
    int start = authorization.indexOf("SignedHeaders=") + "SignedHeaders=".length();
    String[] signed = authorization.substring(start, authorization.indexOf(',', start)).split(";");
    String host = received.header("Host").orElseThrow();
    SdkHttpRequest.Builder request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(received.method()))
        .uri(URI.create("http://" + host + received.path()
            + (received.query().isEmpty() ? "" : "?" + received.query())));
    for (String name : signed) {
      if (!name.equals("host") && !name.equals("x-amz-date")) {
        request.putHeader(name, received.header(name).orElseThrow());
      }
    }
    Instant at = Instant.from(AMZ_DATE.parse(received.header("x-amz-date").orElseThrow()));
    SdkHttpRequest unsigned = request.build();
    return AwsV4HttpSigner.create().sign(r -> r
            .request(unsigned)
            .identity(credentials)
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
            .putProperty(AwsV4HttpSigner.REGION_NAME, region)
            .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))
            .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
            .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false))
        .request().firstMatchingHeader("Authorization").orElseThrow();
  }
}
