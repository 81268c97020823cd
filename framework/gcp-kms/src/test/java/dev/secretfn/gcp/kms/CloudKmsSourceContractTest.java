package dev.secretfn.gcp.kms;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The gcp-kms:// source keeps the contract every store keeps, against the Cloud KMS emulator. */
class CloudKmsSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new CloudKmsFixture();
  }
}
