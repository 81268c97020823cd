package dev.secretfn.bench.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretResolver;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.aws.SsmEmulator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The separate-calls SSM scenario's source: the store's own source with the resolver's plan withheld reads each
 * of the ten-secret scenario's parameters with a GetParameters call of its own; the store's source as bound reads
 * them with one.
 */
class UnplannedSourceTest {
  private SsmEmulator ssm;
  private Environment environment;

  @BeforeEach
  void seed() {
    ssm = SsmEmulator.start();
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("SECRETFN_AWS_SSM_EMULATOR_HOST", ssm.endpoint().substring("http://".length()));
    for (String variable : List.of("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "DB_USER", "DB_PASS")) {
      String name = "/secretfn-bench/" + variable.toLowerCase(java.util.Locale.ROOT);
      long version = ssm.putSecureString(name, "value-of-" + variable, "alias/aws/ssm");
      env.put(variable, "ssm://" + name + "?version=" + version);
    }
    environment = Environment.of(env);
  }

  @AfterEach
  void stop() {
    ssm.close();
  }

  @Test
  void resolve_tenParametersBehindUnplannedSource_oneGetParametersCallEach() {
    EmulatedSsmStore store = DaggerEmulatedSsmStore.factory().create(environment);
    SecretSource separate = new UnplannedSource(store.sources().iterator().next());

    ResolvedSecrets secrets = SecretResolver.create(store.syntaxes(), List.of(separate), ResolverSettings.defaults())
        .resolve(TenSecretsModule.declarations(), environment);

    assertThat(secrets.get("DB_PASS").revealString()).isEqualTo("value-of-DB_PASS");
    assertThat(secrets.get("S8").revealString()).isEqualTo("value-of-S8");
    assertThat(ssm.getParametersRequests()).hasSize(10);
  }

  @Test
  void resolve_tenParametersOnTheStoresSource_oneGetParametersCall() {
    EmulatedSsmStore store = DaggerEmulatedSsmStore.factory().create(environment);

    ResolvedSecrets secrets = SecretResolver.create(store.syntaxes(), store.sources(), ResolverSettings.defaults())
        .resolve(TenSecretsModule.declarations(), environment);

    assertThat(secrets.get("S1").revealString()).isEqualTo("value-of-S1");
    assertThat(ssm.getParametersRequests()).hasSize(1);
  }

  @Test
  void separateSsmModule_bindsOnlyTheDecorator_besideTheStoresSourceTheResolverRefusesIt() {
    SsmStore store = SeparateSsmModule.store();
    Set<SecretSource> real = store.sources().get();
    SecretSource source = SeparateSsmModule.source(store);

    assertThat(real).hasSize(1);
    assertThat(source).isInstanceOf(UnplannedSource.class);
    assertThat(source.scheme()).isEqualTo(real.iterator().next().scheme());
    SecretResolver.create(SeparateSsmModule.syntax(store), List.of(source), ResolverSettings.defaults());
    assertThatThrownBy(() -> SecretResolver.create(SeparateSsmModule.syntax(store),
        List.of(source, real.iterator().next()), ResolverSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two sources are bound for ssm");
  }
}
