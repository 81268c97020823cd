package dev.secretfn.bench.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretResolver;
import dev.secretfn.bench.gcf.TenSecretsModule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The framework-overhead scenario's source serves the ten values the emulators serve the other scenarios. */
class MemorySourceTest {
  @Test
  void resolve_tenSecretsScenarioOnMemoryReferences_givesTheBenchmarksValues() {
    Map<String, String> env = new HashMap<>();
    for (int i = 1; i <= 8; i++) {
      env.put("S" + i, "mem://s" + i);
    }
    env.put("DB_USER", "mem://db.json#username");
    env.put("DB_PASS", "mem://db.json#password");

    ResolvedSecrets secrets = SecretResolver.create(List.of(new MemoryReference.Syntax()),
        List.of(new MemorySource()), ResolverSettings.defaults())
        .resolve(TenSecretsModule.declarations(), Environment.of(env));

    assertThat(secrets.get("S1").revealString()).isEqualTo("bench-secret-1-value");
    assertThat(secrets.get("S8").revealString()).isEqualTo("bench-secret-8-value");
    assertThat(secrets.get("DB_USER").revealString()).isEqualTo("bench-user");
    assertThat(secrets.get("DB_PASS").revealString()).isEqualTo("bench-password-0123456789");
  }

  @Test
  void format_andWithoutField_roundTripTheReference() {
    MemoryReference reference = new MemoryReference.Syntax()
        .parse(dev.secretfn.ref.ReferenceParts.split("db.json#username"));

    assertThat(reference.format()).isEqualTo("mem://db.json#username");
    assertThat(reference.withoutField().format()).isEqualTo("mem://db.json");
  }
}
