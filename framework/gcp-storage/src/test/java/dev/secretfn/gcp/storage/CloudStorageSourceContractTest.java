package dev.secretfn.gcp.storage;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The gs:// source keeps the contract every store keeps, against the Cloud Storage emulator. */
class CloudStorageSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new CloudStorageFixture();
  }
}
