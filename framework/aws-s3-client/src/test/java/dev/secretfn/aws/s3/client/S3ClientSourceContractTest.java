package dev.secretfn.aws.s3.client;

import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.s3.S3Object;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.contract.SourceContract;
import dev.secretfn.testing.contract.StoreFixture;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The s3:// source on the SDK's S3Client keeps the contract every store keeps, against the S3 emulator. */
class S3ClientSourceContractTest extends SourceContract {
  @Override
  protected StoreFixture openFixture() {
    return new Fixture();
  }

  /** The store with S3ClientTransportModule, on the emulator; put() pins the version it wrote. */
  private static final class Fixture implements StoreFixture {
    private static final String BUCKET = "secretfn-contract";

    private final S3Emulator s3 = S3Emulator.start();
    private final Store store = Store.Transport.SDK.open(Map.of(
        "AWS_REGION", "us-east-1", AwsSettings.S3_EMULATOR_HOST, s3.endpoint().substring("http://".length())));
    private final AtomicInteger objects = new AtomicInteger();

    Fixture() {
      s3.createBucket(BUCKET);
    }

    @Override
    public ReferenceSyntax syntax() {
      return store.syntaxes().iterator().next();
    }

    @Override
    public SecretSource source() {
      return store.sources().iterator().next();
    }

    @Override
    public SecretReference put(String name, byte[] value) {
      // The number ends with '-', so no key is a prefix of another (deny() matches by prefix).
      String key = "contract/o" + objects.incrementAndGet() + "-" + name;
      return new S3Object(BUCKET, key, Optional.of(s3.putObject(BUCKET, key, value)), Optional.empty());
    }

    @Override
    public SecretReference absent() {
      return new S3Object(BUCKET, "contract/no-such-key", Optional.empty(), Optional.empty());
    }

    @Override
    public void deny(SecretReference reference) {
      S3Object object = (S3Object) reference;
      s3.knobs().deny(object.bucket() + "/" + object.key());
    }

    @Override
    public EmulatorKnobs knobs() {
      return s3.knobs();
    }

    @Override
    public void close() {
      try {
        store.close();
      } finally {
        s3.close();
      }
    }
  }
}
