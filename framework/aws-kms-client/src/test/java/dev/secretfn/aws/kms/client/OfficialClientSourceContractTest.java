package dev.secretfn.aws.kms.client;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The aws-kms:// source on the SDK's KmsClient keeps the contract every store keeps. */
class OfficialClientSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new OfficialClientFixture();
  }
}
