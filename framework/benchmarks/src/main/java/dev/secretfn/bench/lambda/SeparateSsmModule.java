package dev.secretfn.bench.lambda;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * The SSM store with its batching left out, for the benchmark only: the real source and syntax ({@link SsmStore}),
 * the source behind {@link UnplannedSource}, so that it reads each parameter with a call of its own.
 */
@Module
abstract class SeparateSsmModule {
  private SeparateSsmModule() {}

  @Provides
  @Singleton
  static SsmStore store() {
    return DaggerSsmStore.create();
  }

  @Provides
  @ElementsIntoSet
  static Set<ReferenceSyntax> syntax(SsmStore store) {
    return store.syntaxes().get();
  }

  @Provides
  @IntoSet
  static SecretSource source(SsmStore store) {
    Set<SecretSource> sources = store.sources().get();
    if (sources.size() != 1) {
      throw new IllegalStateException("SsmModule binds " + sources.size() + " sources; this scenario expects one");
    }
    return new UnplannedSource(sources.iterator().next());
  }
}
