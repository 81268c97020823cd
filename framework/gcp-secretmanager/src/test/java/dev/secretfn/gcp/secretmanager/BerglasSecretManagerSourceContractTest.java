package dev.secretfn.gcp.secretmanager;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The sm:// source keeps the contract every store keeps (it takes no field), against the emulator. */
class BerglasSecretManagerSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new SecretManagerFixture(true);
  }
}
