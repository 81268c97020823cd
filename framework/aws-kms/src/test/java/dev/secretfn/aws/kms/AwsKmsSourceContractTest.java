package dev.secretfn.aws.kms;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The aws-kms:// source keeps the contract every store keeps, against the AWS KMS emulator. */
class AwsKmsSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new AwsKmsFixture();
  }
}
