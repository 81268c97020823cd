package dev.secretfn.aws.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretResolver;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.spi.SecretSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Secrets Manager store as a function binds it, resolving one variable through the real resolver with one
 * attempt, so that a test sees exactly one request per resolve.
 */
final class LeanSm {
  /** The dummy credentials the store signs with for an emulator; the emulators check the signatures. */
  static final String EMULATOR_KEY = "secretfn-emulator";
  static final ResolverSettings ONE_ATTEMPT = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(10)).maxAttempts(1).build();

  private final SecretsManagerContractComponent store;

  LeanSm(Map<String, String> variables, AwsSettings settings) {
    this.store = SecretsManagerContractComponent.of(variables, settings);
  }

  LeanSm(Map<String, String> variables) {
    this(variables, AwsSettings.defaults());
  }

  /** {@code AWS_REGION=us-east-1} and {@code more}. */
  static Map<String, String> variables(Map<String, String> more) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("AWS_REGION", "us-east-1");
    variables.putAll(more);
    return variables;
  }

  /** The variables of a function pointed at {@code emulatorEndpoint} with secretfn's emulator setting. */
  static Map<String, String> emulator(String emulatorEndpoint) {
    return variables(Map.of(AwsSettings.SECRETS_MANAGER_EMULATOR_HOST,
        emulatorEndpoint.substring("http://".length())));
  }

  SecretSource source() {
    return store.sources().iterator().next();
  }

  /** Resolves {@code reference} as variable {@code SECRET}. */
  ResolvedSecrets resolve(String reference) {
    return SecretResolver.create(store.syntaxes(), store.sources(), ONE_ATTEMPT)
        .resolve(List.of(SecretDeclaration.required("SECRET")), Environment.of(Map.of("SECRET", reference)));
  }

  /** The one failure of resolving {@code reference}. */
  Failure failure(String reference) {
    try {
      resolve(reference);
    } catch (SecretResolutionException e) {
      assertThat(e.failures()).hasSize(1);
      return e.failures().get(0);
    }
    return fail("resolution succeeded, expected a failure");
  }
}
