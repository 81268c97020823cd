package dev.secretfn.file;

import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;

/** The file store keeps the contract of every store, on a Kubernetes-style secret volume in a temp directory. */
class FileSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new FileFixture();
  }
}
