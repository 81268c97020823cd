package dev.secretfn.gcp.secretmanager;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolver;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code latest}, implied by Berglas's {@code sm://PROJECT/SECRET} or written in {@code gcp-sm://}, resolves, and
 * start-up warns once per such variable through the resolver; pinned references do not warn.
 */
class UnpinnedWarningTest {
  private static final String SECRET = "projects/orders-prod/secrets/db";

  @Test
  void resolve_latestInBothForms_warnsOncePerVariableAndLogsTheVersionRead() {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger("dev.secretfn");
    try (SecretManagerEmulator sm = SecretManagerEmulator.start()) {
      sm.createSecret(SECRET);
      sm.addVersion(SECRET, "{\"password\":\"old-canary\"}".getBytes(UTF_8));
      sm.addVersion(SECRET, "{\"password\":\"new-canary\"}".getBytes(UTF_8));
      Map<String, String> env = Map.of(
          GcpSettings.SECRET_MANAGER_EMULATOR_HOST, sm.endpoint().substring("http://".length()),
          "BERGLAS_LATEST", "sm://orders-prod/db",
          "SM_LATEST", "gcp-sm://" + SECRET + "/versions/latest#password",
          "BERGLAS_PINNED", "sm://orders-prod/db#1",
          "SM_PINNED", "gcp-sm://" + SECRET + "/versions/1#password");
      SecretManagerContractComponent store = SecretManagerContractComponent.of(env);
      SecretResolver resolver = SecretResolver.create(store.syntaxes(), store.sources(), ResolverSettings.defaults());
      logger.addHandler(handler);
      ResolvedSecrets secrets;
      try {
        secrets = resolver.resolve(List.of(SecretDeclaration.required("BERGLAS_LATEST"),
            SecretDeclaration.required("SM_LATEST"), SecretDeclaration.required("BERGLAS_PINNED"),
            SecretDeclaration.required("SM_PINNED")), Environment.of(env));
      } finally {
        logger.removeHandler(handler);
      }

      assertThat(secrets.get("BERGLAS_LATEST").revealString()).isEqualTo("{\"password\":\"new-canary\"}");
      assertThat(secrets.get("SM_LATEST").revealString()).isEqualTo("new-canary");
      assertThat(secrets.get("SM_PINNED").revealString()).isEqualTo("old-canary");
    }
    List<String> warnings = messages(records, Level.WARNING).stream()
        .filter(m -> m.contains("pin a version")).collect(Collectors.toList());
    assertThat(warnings).hasSize(2);
    assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("secretfn: BERGLAS_LATEST reads sm://orders-prod/db "));
    assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith(
        "secretfn: SM_LATEST reads gcp-sm://" + SECRET + "/versions/latest#password "));
    assertThat(messages(records, Level.INFO)).contains("secretfn: sm://orders-prod/db read version 2 (latest)",
        "secretfn: gcp-sm://" + SECRET + "/versions/latest read version 2 (latest)");
    assertThat(records).noneSatisfy(r -> assertThat(String.valueOf(r.getMessage())).contains("canary"));
  }

  private static List<String> messages(List<LogRecord> records, Level level) {
    return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage)
        .collect(Collectors.toList());
  }
}
