package dev.secretfn.bench.lambda;

import dagger.Component;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * The SSM store as {@link SsmModule} binds it, in a component of its own: its source and syntax are package-private,
 * so this is how {@link SeparateSsmModule} gets the real ones without binding the source into the function's
 * component next to its decorator (the resolver refuses two sources for one scheme).
 */
@Singleton
@Component(modules = SsmModule.class)
interface SsmStore {
  // Providers, not sets: for a set entry point Dagger writes Guava's ImmutableSet when Guava is on the compile
  // class path (the GCF stores bring it), and the Lambda jar has no Guava.
  Provider<Set<SecretSource>> sources();

  Provider<Set<ReferenceSyntax>> syntaxes();
}
