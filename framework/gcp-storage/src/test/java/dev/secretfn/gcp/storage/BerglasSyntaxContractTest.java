package dev.secretfn.gcp.storage;

import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.SyntaxContract;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** The berglas:// syntax keeps the contract every syntax keeps: names to escape, {@code #generation}. */
class BerglasSyntaxContractTest extends SyntaxContract {
  /** The syntax as the module binds it; stateless, so one serves every try. */
  private static final ReferenceSyntax SYNTAX = BerglasContractComponent.of(Map.of()).syntaxes().iterator().next();

  @Override
  protected ReferenceSyntax syntax() {
    return SYNTAX;
  }

  @Override
  protected Arbitrary<? extends SecretReference> references() {
    return Combinators.combine(ContractArbitraries.buckets(), ContractArbitraries.objectNames(),
        ContractArbitraries.generations()).as(BerglasObject::new);
  }
}
