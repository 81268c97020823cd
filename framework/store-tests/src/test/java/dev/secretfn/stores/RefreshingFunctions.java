package dev.secretfn.stores;

import dagger.Component;
import dev.secretfn.Refresh;
import dev.secretfn.Refreshing;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.s3.S3Module;
import dev.secretfn.aws.secretsmanager.SecretsManagerModule;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.secretmanager.SecretManagerModule;
import dev.secretfn.gcp.storage.BerglasModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import dev.secretfn.vault.VaultGcpLoginModule;
import dev.secretfn.vault.VaultModule;
import jakarta.inject.Singleton;

/**
 * The function the refresh suites deploy: one secret, {@value #VARIABLE}, declared as a user declares a rotating
 * secret ({@code @Refresh(maxAgeSeconds = 1) Refreshing<Secret>}, the smallest age, so that a stale read comes
 * within a second), with every store bound, on the lean transports or on the official clients.
 */
final class RefreshingFunctions {
  static final String VARIABLE = "SECRET";

  private RefreshingFunctions() {}

  @SecretDeclarations
  interface RotatingSecrets {
    @SecretVar(VARIABLE) @Refresh(maxAgeSeconds = 1) Refreshing<Secret> secret();
  }

  /** A test component that injects the refreshing secret. */
  interface RefreshingFunction extends TestComponent {
    @SecretVar(VARIABLE) Refreshing<Secret> secret();
  }

  @Singleton
  @Component(modules = {RefreshingFunctions_RotatingSecretsModule.class, CloudKmsModule.class,
      CloudStorageModule.class, BerglasModule.class, AwsKmsModule.class, S3Module.class, SecretsManagerModule.class,
      SsmModule.class, SecretManagerModule.class, VaultModule.class, VaultGcpLoginModule.class,
      TestDeployment.class})
  interface Lean extends RefreshingFunction {
    @Component.Factory
    interface Factory {
      Lean create(TestDeployment deployment);
    }
  }

  /** The same function with each cloud store's official client selected (Vault has none: it stays lean). */
  @Singleton
  @Component(modules = {RefreshingFunctions_RotatingSecretsModule.class, CloudKmsModule.class,
      CloudStorageModule.class, BerglasModule.class, AwsKmsModule.class, S3Module.class, SecretsManagerModule.class,
      SsmModule.class, SecretManagerModule.class, VaultModule.class, VaultGcpLoginModule.class,
      OfficialTransports.class, TestDeployment.class})
  interface Official extends RefreshingFunction {
    @Component.Factory
    interface Factory {
      Official create(TestDeployment deployment);
    }
  }

  static RefreshingFunction create(Transport transport, TestDeployment deployment) {
    return transport == Transport.LEAN
        ? DaggerRefreshingFunctions_Lean.factory().create(deployment)
        : DaggerRefreshingFunctions_Official.factory().create(deployment);
  }
}
