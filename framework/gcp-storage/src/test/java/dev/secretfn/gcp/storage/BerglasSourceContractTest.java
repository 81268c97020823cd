package dev.secretfn.gcp.storage;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The berglas:// source keeps the contract every store keeps, against the Cloud Storage and Cloud KMS emulators. */
class BerglasSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new BerglasFixture();
  }
}
