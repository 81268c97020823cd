package dev.secretfn.gcp.secretmanager.client;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The gcp-sm:// source (regional secrets) on the official-client transport keeps the contract every store keeps. */
class OfficialSecretManagerSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new OfficialSecretManagerFixture(false);
  }
}
