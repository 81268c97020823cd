package dev.secretfn.gcp.secretmanager.client;

import dev.secretfn.gcp.secretmanager.internal.SecretManagerTransport;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.SecretSource;
import java.util.Set;

/** What the tests' components expose, whichever transport they bind. */
interface SecretManagerComponent {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  SecretManagerTransport transport();

  default ReferenceSyntax syntax(Scheme scheme) {
    return syntaxes().stream().filter(s -> s.scheme().equals(scheme)).findFirst().orElseThrow();
  }

  default SecretSource source(Scheme scheme) {
    return sources().stream().filter(s -> s.scheme().equals(scheme)).findFirst().orElseThrow();
  }
}
