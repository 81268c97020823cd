package dev.secretfn.gcp.kms.client;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The gcp-kms:// source on the official-client transport keeps the contract every store keeps. */
class OfficialCloudKmsSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new OfficialCloudKmsFixture();
  }
}
