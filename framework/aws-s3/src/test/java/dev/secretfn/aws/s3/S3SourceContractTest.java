package dev.secretfn.aws.s3;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The s3:// source keeps the contract every store keeps, against the S3 emulator. */
class S3SourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new S3Fixture();
  }
}
