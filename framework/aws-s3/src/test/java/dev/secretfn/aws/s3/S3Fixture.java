package dev.secretfn.aws.s3;

import dev.secretfn.aws.AwsSettings;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.contract.StoreFixture;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The s3:// store on the S3 emulator, for the contract kit; put() pins the version it wrote. */
final class S3Fixture implements StoreFixture {
  static final String BUCKET = "secretfn-contract";

  private final S3Emulator s3 = S3Emulator.start();
  private final S3ContractComponent store = S3ContractComponent.of(Map.of(
      "AWS_REGION", "us-east-1",
      AwsSettings.S3_EMULATOR_HOST, s3.endpoint().substring("http://".length())));
  private final SecretSource source = store.sources().iterator().next();
  private final AtomicInteger objects = new AtomicInteger();

  S3Fixture() {
    s3.createBucket(BUCKET);
  }

  @Override
  public ReferenceSyntax syntax() {
    return store.syntaxes().iterator().next();
  }

  @Override
  public SecretSource source() {
    return source;
  }

  @Override
  public SecretReference put(String name, byte[] value) {
    // The number ends with '-', so no key is a prefix of another (deny() matches by prefix).
    String key = "contract/o" + objects.incrementAndGet() + "-" + name;
    String versionId = s3.putObject(BUCKET, key, value);
    return new S3Object(BUCKET, key, Optional.of(versionId), Optional.empty());
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

  /** Stops the emulator; the lean transport holds nothing to close. */
  @Override
  public void close() {
    s3.close();
  }
}
