package dev.secretfn.samples.extension;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The acme:// source keeps the contract every store keeps. */
class AcmeSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new AcmeFixture();
  }
}
