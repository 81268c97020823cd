package dev.secretfn.aws.ssm.client;

import static org.assertj.core.api.Assertions.fail;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The SSM store on either transport, resolving variables through the real resolver, as a function does. */
interface Store extends AutoCloseable {
  ResolverSettings ONE_ATTEMPT = ResolverSettings.builder().deadline(Duration.ofSeconds(10)).maxAttempts(1).build();
  ResolverSettings RETRYING = ResolverSettings.builder().deadline(Duration.ofSeconds(10))
      .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(30)).build();

  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  /** Closes the clients the store built; the lean transport holds none. */
  @Override
  default void close() {}

  default SecretSource source() {
    return sources().iterator().next();
  }

  /** Resolves {@code references} (variable to reference), each declared required. */
  default ResolvedSecrets resolve(Map<String, String> references, ResolverSettings settings) {
    List<SecretDeclaration> declarations = references.keySet().stream().map(SecretDeclaration::required)
        .collect(Collectors.toList());
    return SecretResolver.create(syntaxes(), sources(), settings).resolve(declarations, Environment.of(references));
  }

  default SecretResolutionException failures(Map<String, String> references, ResolverSettings settings) {
    try {
      resolve(references, settings);
    } catch (SecretResolutionException e) {
      return e;
    }
    return fail("resolution succeeded, expected failures");
  }
}
