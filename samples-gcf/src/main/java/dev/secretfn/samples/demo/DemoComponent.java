package dev.secretfn.samples.demo;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.secretfn.Environment;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** The demo's component: the generated secrets module plus stand-in sources and an environment. */
@Singleton
@Component(modules = {OrderSecretsModule.class, DemoComponent.StandInSources.class})
interface DemoComponent {
  OrdersHandler handler();

  @Component.Factory
  interface Factory {
    DemoComponent create(
        @BindsInstance Environment environment,
        @BindsInstance @Named("kms") SecretSource kms,
        @BindsInstance @Named("gcs") SecretSource gcs);
  }

  /** A real function binds CloudKmsModule and CloudStorageModule here instead. */
  @Module
  interface StandInSources {
    @Provides
    @IntoSet
    static SecretSource kms(@Named("kms") SecretSource kms) {
      return kms;
    }

    @Provides
    @IntoSet
    static SecretSource gcs(@Named("gcs") SecretSource gcs) {
      return gcs;
    }
  }
}
