package dev.secretfn.gcp.secretmanager;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.secretfn.gcp.internal.GcpModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the Secret Manager store: Berglas's {@code sm://PROJECT/SECRET[#VERSION]} and the resource-name form
 * {@code gcp-sm://projects/P[/locations/L]/secrets/S/versions/V[#FIELD]}, both read with AccessSecretVersion over
 * Secret Manager's REST API (the lean transport; no client library). Needs {@code
 * roles/secretmanager.secretAccessor} on each secret.
 *
 * <pre>{@code
 * @Component(modules = {OrdersSecretsModule.class, SecretManagerModule.class})
 * interface OrdersComponent { OrdersHandler handler(); }
 * }</pre>
 */
@Module(includes = GcpModule.class)
public abstract class SecretManagerModule {
  private SecretManagerModule() {}

  @Binds
  @IntoSet
  abstract SecretSource secretManager(SecretManagerSource source);

  @Binds
  @IntoSet
  abstract SecretSource berglasSecretManager(BerglasSecretManagerSource source);

  @Binds
  @IntoSet
  abstract ReferenceSyntax secretManagerSyntax(SecretManagerSyntax syntax);

  @Binds
  @IntoSet
  abstract ReferenceSyntax berglasSecretManagerSyntax(BerglasSecretManagerSyntax syntax);
}
