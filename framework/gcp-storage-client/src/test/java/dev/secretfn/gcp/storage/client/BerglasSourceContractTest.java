package dev.secretfn.gcp.storage.client;

import dev.secretfn.gcp.storage.BerglasObject;
import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The berglas:// source on google-cloud-storage keeps the contract every store keeps, against the emulators. */
class BerglasSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new OfficialClientFixture(BerglasObject.SCHEME);
  }
}
