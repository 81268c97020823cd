package dev.secretfn.vault;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The vault:// source (KV version 2, gcp login) keeps the contract every store keeps, against the emulators. */
class VaultSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new VaultFixture();
  }
}
