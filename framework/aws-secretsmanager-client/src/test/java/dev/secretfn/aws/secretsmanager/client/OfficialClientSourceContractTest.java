package dev.secretfn.aws.secretsmanager.client;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The aws-sm:// source on the SDK's SecretsManagerClient keeps the contract every store keeps. */
class OfficialClientSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new OfficialClientFixture();
  }
}
