package dev.secretfn.gcp.storage;

import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.SyntaxContract;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** The gs:// syntax keeps the contract every syntax keeps: names to escape, generations, fields. */
class CloudStorageSyntaxContractTest extends SyntaxContract {
  /** The syntax as the module binds it; stateless, so one serves every try. */
  private static final ReferenceSyntax SYNTAX =
      CloudStorageContractComponent.of(Map.of()).syntaxes().iterator().next();

  @Override
  protected ReferenceSyntax syntax() {
    return SYNTAX;
  }

  @Override
  protected Arbitrary<? extends SecretReference> references() {
    return Combinators.combine(ContractArbitraries.buckets(), ContractArbitraries.objectNames(),
        ContractArbitraries.generations(), ContractArbitraries.fields()).as(GcsObject::new);
  }
}
