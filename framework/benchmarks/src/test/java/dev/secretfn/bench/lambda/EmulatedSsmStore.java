package dev.secretfn.bench.lambda;

import dagger.BindsInstance;
import dagger.Component;
import dev.secretfn.Environment;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Set;

/** {@link SsmStore} reading a given environment instead of the process's: the emulator's endpoint, in process. */
@Singleton
@Component(modules = SsmModule.class)
interface EmulatedSsmStore {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  @Component.Factory
  interface Factory {
    EmulatedSsmStore create(@BindsInstance Environment environment);
  }
}
