package dev.secretfn.aws.s3.internal;

import dev.secretfn.Environment;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.internal.AwsRequestSigner;
import dev.secretfn.aws.s3.S3Object;
import dev.secretfn.testing.tls.TestTrust;
import dev.secretfn.testing.tls.TlsCases;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An explicit S3 endpoint ({@code AWS_ENDPOINT_URL_S3}) is called over the lean transport: a certificate for
 * another host, an untrusted or expired one, and plain http to a remote host are refused, permanently.
 */
@ResourceLock(TestTrust.RESOURCE)
class LeanS3TlsTest {
  private static final S3Object OBJECT = new S3Object("secretfn-tls", "app/db.txt", Optional.empty(),
      Optional.empty());

  @TestFactory
  Stream<DynamicTest> getObject_badEndpoints_areRefused() {
    return TlsCases.refusals(endpoint -> {
      // As the source builds it: a refused endpoint setting is a permanent set-up failure.
      S3Transport transport = AwsErrors.built(() -> new LeanS3Transport(
          S3Endpoints.of(Optional.empty(), Environment.of(Map.of("AWS_ENDPOINT_URL_S3", endpoint.toString()))),
          new AwsRequestSigner(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"))),
          "us-east-1"));
      transport.getObject(OBJECT, 1024, Duration.ofSeconds(5));
    });
  }
}
