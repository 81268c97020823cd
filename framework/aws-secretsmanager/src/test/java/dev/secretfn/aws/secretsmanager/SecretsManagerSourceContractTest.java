package dev.secretfn.aws.secretsmanager;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The aws-sm:// source keeps the contract every store keeps, against the Secrets Manager emulator. */
class SecretsManagerSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new SecretsManagerFixture();
  }
}
