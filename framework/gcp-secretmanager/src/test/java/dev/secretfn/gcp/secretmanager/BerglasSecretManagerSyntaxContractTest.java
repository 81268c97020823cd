package dev.secretfn.gcp.secretmanager;

import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.SyntaxContract;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Berglas's sm:// syntax keeps the contract every syntax keeps: numbered and implied-latest versions. */
class BerglasSecretManagerSyntaxContractTest extends SyntaxContract {
  @Override
  protected ReferenceSyntax syntax() {
    return new BerglasSecretManagerSyntax();
  }

  @Override
  protected Arbitrary<? extends SecretReference> references() {
    return Combinators.combine(SecretManagerSyntaxContractTest.Names.projects(),
        SecretManagerSyntaxContractTest.Names.secrets(), SecretManagerSyntaxContractTest.Names.versions())
        .as(BerglasSecretManagerSecret::new);
  }
}
