package dev.secretfn.gcp.secretmanager;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The gcp-sm:// source keeps the contract every store keeps, against the Secret Manager emulator. */
class SecretManagerSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new SecretManagerFixture(false);
  }
}
