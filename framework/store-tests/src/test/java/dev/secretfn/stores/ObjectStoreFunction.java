package dev.secretfn.stores;

import dagger.Component;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;
import dev.secretfn.aws.s3.S3Module;
import dev.secretfn.aws.s3.client.S3ClientTransportModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import dev.secretfn.gcp.storage.client.CloudStorageClientTransportModule;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The function the object-store suites deploy: a handler that takes {@code DB_PASS} and an optional {@code
 * DB_USER}, with one object store bound ({@link Gcs} or {@link S3}), on the lean transport or on the store's
 * official client ({@link GcsOnOfficialClient}, {@link S3OnOfficialClient}).
 */
public interface ObjectStoreFunction extends TestComponent {
  Handler handler();

  @SecretDeclarations
  interface Secrets {
    @SecretVar("DB_PASS") Secret dbPass();

    @SecretVar("DB_USER") Optional<String> dbUser();
  }

  /** The user's handler: constructor injection of the plaintexts. */
  final class Handler {
    public final Secret dbPass;
    public final Optional<String> dbUser;

    @Inject
    Handler(@SecretVar("DB_PASS") Secret dbPass, @SecretVar("DB_USER") Optional<String> dbUser) {
      this.dbPass = dbPass;
      this.dbUser = dbUser;
    }
  }

  /** With the Cloud Storage store bound. */
  @Singleton
  @Component(modules = {ObjectStoreFunction_SecretsModule.class, CloudStorageModule.class, TestDeployment.class})
  interface Gcs extends ObjectStoreFunction {
    @Component.Factory
    interface Factory {
      Gcs create(TestDeployment deployment);
    }
  }

  /** With the Cloud Storage store bound, reading through google-cloud-storage. */
  @Singleton
  @Component(modules = {ObjectStoreFunction_SecretsModule.class, CloudStorageModule.class,
      CloudStorageClientTransportModule.class, TestDeployment.class})
  interface GcsOnOfficialClient extends ObjectStoreFunction {
    @Component.Factory
    interface Factory {
      GcsOnOfficialClient create(TestDeployment deployment);
    }
  }

  /** With the S3 store bound, reading through the AWS SDK's S3Client. */
  @Singleton
  @Component(modules = {ObjectStoreFunction_SecretsModule.class, S3Module.class, S3ClientTransportModule.class,
      TestDeployment.class})
  interface S3OnOfficialClient extends ObjectStoreFunction {
    @Component.Factory
    interface Factory {
      S3OnOfficialClient create(TestDeployment deployment);
    }
  }

  /** With the S3 store bound. */
  @Singleton
  @Component(modules = {ObjectStoreFunction_SecretsModule.class, S3Module.class, TestDeployment.class})
  interface S3 extends ObjectStoreFunction {
    @Component.Factory
    interface Factory {
      S3 create(TestDeployment deployment);
    }
  }
}
