package dev.secretfn.gcp.storage.client;

import dev.secretfn.gcp.storage.GcsObject;
import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The gs:// source on google-cloud-storage keeps the contract every store keeps, against the emulator. */
class CloudStorageSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new OfficialClientFixture(GcsObject.SCHEME);
  }
}
