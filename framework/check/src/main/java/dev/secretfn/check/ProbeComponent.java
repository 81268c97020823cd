package dev.secretfn.check;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.s3.S3Module;
import dev.secretfn.aws.secretsmanager.SecretsManagerModule;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.file.FileModule;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.secretmanager.SecretManagerModule;
import dev.secretfn.gcp.storage.BerglasModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.vault.VaultGcpLoginModule;
import dev.secretfn.vault.VaultModule;
import dev.secretfn.vault.VaultSettings;
import dev.secretfn.vault.aws.VaultAwsLoginModule;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Every built-in store, bound as a function binds it (each store's own module, so its lean transport), for the
 * {@link Probe}: what a cold start resolves through. The environment is the one the stores read their settings
 * from (region, function name, Vault address, emulator hosts); the settings carry the probe's deadline, which
 * every store also bounds its calls with.
 *
 * <p>A component binds one Vault login, as a function does: the aws login (signed {@code sts:GetCallerIdentity})
 * when {@code VAULT_AUTH_PROVIDER} is {@code aws}, else the gcp login (the metadata server's identity token).
 */
interface ProbeComponent {
  Set<ReferenceSyntax> syntaxes();

  Set<SecretSource> sources();

  /** The component for {@code stores}: with the Vault login that {@code VAULT_AUTH_PROVIDER} names. */
  static ProbeComponent create(Environment stores, ResolverSettings settings) {
    if (stores.get(VaultSettings.AUTH_PROVIDER).filter("aws"::equals).isPresent()) {
      return DaggerProbeComponent_WithAwsVaultLogin.factory().create(stores, settings, awsCredentials(stores));
    }
    return DaggerProbeComponent_WithGcpVaultLogin.factory().create(stores, settings);
  }

  /**
   * The credentials the Vault aws login signs with, as the SDK's default chain picks them for this process: the
   * access key variables when set (and no {@code aws.accessKeyId} system property comes first), else the chain
   * itself (profile, SSO, container, instance). Read from {@code stores} rather than by the SDK from the
   * process, so that a test's environment is the one used; the stores' own AWS calls choose the same way
   * ({@code AwsModule.credentials}).
   */
  private static AwsCredentialsProvider awsCredentials(Environment stores) {
    Optional<String> accessKey = stores.get("AWS_ACCESS_KEY_ID");
    Optional<String> secretKey = stores.get("AWS_SECRET_ACCESS_KEY");
    if (System.getProperty("aws.accessKeyId") != null || accessKey.isEmpty() || secretKey.isEmpty()) {
      return DefaultCredentialsProvider.builder().build();
    }
    Optional<String> sessionToken = stores.get("AWS_SESSION_TOKEN");
    return StaticCredentialsProvider.create(sessionToken.isPresent()
        ? AwsSessionCredentials.create(accessKey.get(), secretKey.get(), sessionToken.get())
        : AwsBasicCredentials.create(accessKey.get(), secretKey.get()));
  }

  /** Every built-in store but Vault's login. */
  @Module(includes = {
      CloudKmsModule.class,
      CloudStorageModule.class,
      BerglasModule.class,
      SecretManagerModule.class,
      AwsKmsModule.class,
      S3Module.class,
      SecretsManagerModule.class,
      SsmModule.class,
      FileModule.class,
      VaultModule.class})
  abstract class Stores {
    private Stores() {}
  }

  /** The stores, logging in to Vault as a function on Google Cloud does. */
  @Singleton
  @Component(modules = {Stores.class, VaultGcpLoginModule.class})
  interface WithGcpVaultLogin extends ProbeComponent {
    @Component.Factory
    interface Factory {
      WithGcpVaultLogin create(@BindsInstance Environment stores, @BindsInstance ResolverSettings settings);
    }
  }

  /** The stores, logging in to Vault as a function on AWS Lambda does. */
  @Singleton
  @Component(modules = {Stores.class, VaultAwsLoginModule.class})
  interface WithAwsVaultLogin extends ProbeComponent {
    @Component.Factory
    interface Factory {
      WithAwsVaultLogin create(@BindsInstance Environment stores, @BindsInstance ResolverSettings settings,
          @BindsInstance AwsCredentialsProvider vaultLoginCredentials);
    }
  }
}
