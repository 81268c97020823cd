package dev.secretfn.vault;

import dagger.Binds;
import dagger.Module;

/**
 * Logs in to Vault's gcp auth method with the function's service account: an identity token from the
 * metadata server, audience {@code http://vault/ROLE}. Use with {@link VaultModule} on Cloud Functions,
 * Cloud Run or GCE. Vault side: a role of type {@code iam} (or {@code gce}) bound to the service account.
 */
@Module
public abstract class VaultGcpLoginModule {
  private VaultGcpLoginModule() {}

  @Binds
  abstract VaultLogin login(GcpIdentityLogin login);
}
