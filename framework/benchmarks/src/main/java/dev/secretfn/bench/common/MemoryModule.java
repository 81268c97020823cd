package dev.secretfn.bench.common;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.secretfn.internal.ResolutionModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the framework-overhead scenario's in-memory source for {@code mem://NAME[#FIELD]} references: everything
 * secretfn does at start-up (Dagger, the parser, the resolver and its threads, logging) without a network call.
 * The benchmark's own small source rather than the test kit's {@code InMemorySource}, whose module carries JUnit
 * and jqwik into a deployment.
 */
@Module(includes = ResolutionModule.class)
public final class MemoryModule {
  private MemoryModule() {}

  @Provides
  @IntoSet
  static ReferenceSyntax memorySyntax() {
    return new MemoryReference.Syntax();
  }

  @Provides
  @IntoSet
  static SecretSource memorySource() {
    return new MemorySource();
  }
}
