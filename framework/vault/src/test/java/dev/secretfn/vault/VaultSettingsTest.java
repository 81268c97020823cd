package dev.secretfn.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.Secret;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VaultSettingsTest {
  @Test
  void address_clearTextOffLoopbackOrWithPath_isRejected() {
    assertThatThrownBy(() -> VaultSettings.builder().address(URI.create("http://vault.internal:8200")))
        .hasMessageContaining("must be https://");
    assertThatThrownBy(() -> VaultSettings.builder().address(URI.create("https://vault.internal:8200/v1")))
        .hasMessageContaining("without path");
    assertThatThrownBy(() -> VaultSettings.builder().address(URI.create("https://user:pw@vault.internal")))
        .hasMessageContaining("user info");
    VaultSettings.builder().address(URI.create("https://vault.internal:8200"));
    VaultSettings.builder().address(URI.create("http://127.0.0.1:8200"));
  }

  @Test
  void resolve_settingsByCode_winOverTheEnvironment() {
    VaultSettings settings = VaultSettings.builder().address(URI.create("https://vault.example.com")).role("by-code")
        .authMount("gcp-fn").kvVersion(1).namespace("team").build();
    Environment env = Environment.of(Map.of("VAULT_ADDR", "https://other.example.com", "VAULT_AUTH_ROLE", "by-env",
        "VAULT_AUTH_MOUNT", "elsewhere", "VAULT_KV_VERSION", "2"));

    VaultConfig config = VaultConfig.resolve(settings, env, "gcp");

    assertThat(config.address).isEqualTo(URI.create("https://vault.example.com"));
    assertThat(config.role).isEqualTo("by-code");
    assertThat(config.authMount).isEqualTo("gcp-fn");
    assertThat(config.kvVersion.getAsInt()).isEqualTo(1);
    assertThat(config.api("secret/data/x")).isEqualTo(URI.create("https://vault.example.com/v1/secret/data/x"));
    assertThat(settings.toString()).contains("role=by-code");
  }

  @Test
  void resolve_badVariables_nameTheVariable() {
    assertThatThrownBy(() -> VaultConfig.resolve(VaultSettings.defaults(), Environment.of(Map.of(
        "VAULT_ADDR", "https://v", "VAULT_AUTH_ROLE", "r", "VAULT_KV_VERSION", "3")), "aws"))
        .hasMessage("VAULT_KV_VERSION must be 1 or 2");
    assertThatThrownBy(() -> VaultConfig.resolve(VaultSettings.defaults(), Environment.of(Map.of(
        "VAULT_ADDR", "https://v", "VAULT_AUTH_ROLE", "bad role"))
        , "aws")).hasMessageStartingWith("VAULT_AUTH_ROLE must be a Vault role name");
    assertThatThrownBy(() -> VaultConfig.resolve(VaultSettings.defaults(), Environment.of(Map.of(
        "VAULT_ADDR", "vault.example.com:8200", "VAULT_AUTH_ROLE", "r")), "aws"))
        .hasMessageStartingWith("VAULT_ADDR must be https://");
  }

  @Test
  void token_toString_isRedacted() {
    VaultToken token = new VaultToken(Secret.ofUtf8("hvs.CANARYTOKEN"), false);

    assertThat(token.toString()).isEqualTo("VaultToken[service, redacted]").doesNotContain("CANARY");
  }

  @Test
  void firstError_vaultErrorBodies_yieldTheirFirstMessageOrNothing() {
    assertThat(JsonText.firstError("{\"errors\":[\"permission denied\",\"x\"]}".getBytes()))
        .contains("permission denied");
    assertThat(JsonText.firstError("{\"errors\":[\"a \\\"quoted\\\"\\nline\"]}".getBytes())).contains("a \"quoted\" line");
    assertThat(JsonText.firstError("{\"errors\":[]}".getBytes())).isEmpty();
    assertThat(JsonText.firstError("<html>bad gateway</html>".getBytes())).isEmpty();
  }
}
