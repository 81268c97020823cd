package dev.secretfn.gcp.kms.client;

import dev.secretfn.gcp.kms.internal.CloudKmsTransport;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import java.util.Set;

/** What the tests' components expose, whichever transport they bind. */
interface KmsComponent {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  CloudKmsTransport transport();
}
