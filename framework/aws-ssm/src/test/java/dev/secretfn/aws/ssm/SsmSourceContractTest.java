package dev.secretfn.aws.ssm;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The ssm:// source keeps the contract every store keeps, against the SSM emulator. */
class SsmSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new SsmFixture();
  }
}
