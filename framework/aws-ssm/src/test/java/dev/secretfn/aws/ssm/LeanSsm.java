package dev.secretfn.aws.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretResolver;
import dev.secretfn.spi.SecretSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The SSM store as a function binds it, resolving variables through the real resolver. */
final class LeanSsm {
  static final ResolverSettings ONE_ATTEMPT = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(10)).maxAttempts(1).build();
  static final ResolverSettings RETRYING = ResolverSettings.builder().deadline(Duration.ofSeconds(10))
      .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(30)).build();

  private final SsmContractComponent store;

  LeanSsm(Map<String, String> variables) {
    this.store = SsmContractComponent.of(variables);
  }

  /** {@code AWS_REGION=us-east-1}, the emulator host and {@code more}. */
  static Map<String, String> emulator(String endpoint, Map<String, String> more) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("AWS_REGION", "us-east-1");
    variables.put(SsmModule.EMULATOR_HOST, endpoint.substring("http://".length()));
    variables.putAll(more);
    return variables;
  }

  SecretSource source() {
    return store.sources().iterator().next();
  }

  ResolvedSecrets resolve(Map<String, String> references, ResolverSettings settings) {
    List<SecretDeclaration> declarations = references.keySet().stream().map(SecretDeclaration::required)
        .collect(Collectors.toList());
    return SecretResolver.create(store.syntaxes(), store.sources(), settings)
        .resolve(declarations, Environment.of(references));
  }

  SecretResolutionException failures(Map<String, String> references, ResolverSettings settings) {
    try {
      resolve(references, settings);
    } catch (SecretResolutionException e) {
      return e;
    }
    return fail("resolution succeeded, expected failures");
  }

  Failure failure(String reference) {
    SecretResolutionException e = failures(Map.of("SECRET", reference), ONE_ATTEMPT);
    assertThat(e.failures()).hasSize(1);
    return e.failures().get(0);
  }
}
