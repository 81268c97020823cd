package dev.secretfn.gcp.secretmanager;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the Secret Manager store: Berglas's {@code sm://PROJECT/SECRET[#VERSION]} and the resource-name form
 * {@code gcp-sm://projects/P[/locations/L]/secrets/S/versions/V[#FIELD]}, both read with AccessSecretVersion. The
 * transport is built on first use: the lean one (Secret Manager's REST API, no client library) by default,
 * google-cloud-secretmanager when the component also includes {@code SecretManagerClientTransportModule}
 * (secretfn-gcp-secretmanager-client). Needs {@code roles/secretmanager.secretAccessor} on each secret.
 *
 * <pre>{@code
 * @Component(modules = {OrdersSecretsModule.class, SecretManagerModule.class})
 * interface OrdersComponent { OrdersHandler handler(); }
 * }</pre>
 */
@Module(includes = SecretManagerTransportModule.class)
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
