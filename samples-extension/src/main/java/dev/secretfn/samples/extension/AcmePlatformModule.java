package dev.secretfn.samples.extension;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.ResolverSettings;
import dev.secretfn.file.FileModule;
import java.time.Duration;

/**
 * What Acme's platform team publishes for every function: the stores Acme allows (its own {@code acme://}
 * service and the secret files its platform mounts, {@code file://}) and Acme's start-up budget. A function
 * installs this one module instead of choosing stores; a reference to any other store fails start-up (and
 * the pre-deploy check) naming the module it would need, which the platform team has not allowed.
 *
 * <pre>{@code
 * @Singleton
 * @Component(modules = {PaymentSecretsModule.class, AcmePlatformModule.class})
 * interface PaymentComponent { PaymentHandler handler(); }
 * }</pre>
 */
@Module(includes = {AcmeSecretsModule.class, FileModule.class})
public abstract class AcmePlatformModule {
  /** Acme's functions answer their first request within 5 s, so secrets get 3 s, in at most 2 attempts. */
  static final Duration DEADLINE = Duration.ofSeconds(3);

  private AcmePlatformModule() {}

  @Provides
  static ResolverSettings resolverSettings() {
    return ResolverSettings.builder().deadline(DEADLINE).maxAttempts(2).build();
  }
}
