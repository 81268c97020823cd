package dev.secretfn.gcp.secretmanager.client;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The sm:// source (global secrets) on the official-client transport keeps the contract every store keeps. */
class OfficialBerglasSecretManagerSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new OfficialSecretManagerFixture(true);
  }
}
