package dev.secretfn.gcp.kms;

import dev.secretfn.Environment;
import dev.secretfn.Step;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.kms.internal.CloudKmsDecrypter;
import dev.secretfn.testing.tls.TestTrust;
import dev.secretfn.testing.tls.TlsCases;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The lean transport verifies TLS: a certificate for another host, an untrusted one and an expired one are each
 * refused before any request crosses, with a permanent failure naming the host and the certificate; plain HTTP to
 * a remote host cannot even be configured.
 */
@ResourceLock(TestTrust.RESOURCE)
class CloudKmsTlsTest {
  @TestFactory
  Stream<DynamicTest> leanTransport_badEndpoints_areRefused() {
    return TlsCases.refusals(endpoint -> {
      GcpSettings settings = GcpSettings.builder().kmsEndpoint(endpoint).build();
      GcpConfig config = new GcpConfig(settings, Environment.of(Map.of()), Duration.ofSeconds(10));
      LeanCloudKmsTransport transport = new LeanCloudKmsTransport(config, () -> {
        throw new AssertionError("an endpoint override sends no credentials");
      });
      new CloudKmsDecrypter(() -> transport)
          .decrypt(LeanKmsBench.KEY, new byte[16], new byte[0], Duration.ofSeconds(10), Step.DECRYPT);
    });
  }
}
