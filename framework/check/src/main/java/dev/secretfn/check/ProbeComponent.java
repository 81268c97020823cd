package dev.secretfn.check;

import dagger.BindsInstance;
import dagger.Component;
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
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Every built-in store, bound as a function binds it (each store's own module, so its lean transport), for the
 * {@link Probe}: what a cold start resolves through. The environment is the one the stores read their settings
 * from (region, function name, Vault address, emulator hosts), and the settings carry the probe's deadline,
 * which every store also bounds its calls with.
 *
 * <p>Vault logs in with the gcp login (the metadata server's identity token); the aws login lives in
 * secretfn-vault-aws, which the check does not carry.
 */
@Singleton
@Component(modules = {
    CloudKmsModule.class,
    CloudStorageModule.class,
    BerglasModule.class,
    SecretManagerModule.class,
    AwsKmsModule.class,
    S3Module.class,
    SecretsManagerModule.class,
    SsmModule.class,
    FileModule.class,
    VaultModule.class,
    VaultGcpLoginModule.class})
interface ProbeComponent {
  Set<ReferenceSyntax> syntaxes();

  Set<SecretSource> sources();

  @Component.Factory
  interface Factory {
    ProbeComponent create(@BindsInstance Environment stores, @BindsInstance ResolverSettings settings);
  }
}
