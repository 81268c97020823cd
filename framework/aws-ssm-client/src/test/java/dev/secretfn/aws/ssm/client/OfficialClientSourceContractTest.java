package dev.secretfn.aws.ssm.client;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The ssm:// source on the SDK's SsmClient keeps the contract every store keeps. */
class OfficialClientSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new OfficialClientFixture();
  }
}
