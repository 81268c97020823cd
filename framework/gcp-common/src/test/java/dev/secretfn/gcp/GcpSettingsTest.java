package dev.secretfn.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.gcp.internal.GcpConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcpSettingsTest {
  @Test
  void endpoints_loopbackOnly() {
    assertThat(GcpSettings.builder().kmsEndpoint(URI.create("http://127.0.0.1:8085")).build().kmsEndpoint())
        .contains(URI.create("http://127.0.0.1:8085"));
    for (String bad : new String[] {"https://cloudkms.googleapis.com", "http://10.0.0.1:80", "http://127.0.0.1",
        "http://127.0.0.1:80/path", "http://evil.example:80"}) {
      assertThatThrownBy(() -> GcpSettings.builder().storageEndpoint(URI.create(bad)))
          .as(bad)
          .hasMessageContaining("local emulators only");
    }
  }

  @Test
  void endpoints_fromEnvironment_appliedUnlessSetInCode() {
    Environment env = Environment.of(Map.of(
        GcpSettings.KMS_EMULATOR_HOST, "127.0.0.1:1111", GcpSettings.STORAGE_EMULATOR_HOST, "localhost:2222"));

    assertThat(config(GcpSettings.defaults(), env).kmsEndpoint()).contains(URI.create("http://127.0.0.1:1111"));
    assertThat(config(GcpSettings.defaults(), env).storageEndpoint()).contains(URI.create("http://localhost:2222"));
    assertThat(config(GcpSettings.builder().kmsEndpoint(URI.create("http://127.0.0.1:3333")).build(), env)
        .kmsEndpoint())
        .contains(URI.create("http://127.0.0.1:3333"));
    assertThat(config(GcpSettings.defaults(), Environment.of(Map.of())).kmsEndpoint()).isEmpty();
  }

  @Test
  void endpoints_remoteHostInEnvironment_isRejectedNamingTheVariable() {
    Environment env = Environment.of(Map.of(GcpSettings.KMS_EMULATOR_HOST, "attacker.example:443"));

    assertThatThrownBy(() -> config(GcpSettings.defaults(), env).kmsEndpoint())
        .hasMessageStartingWith(GcpSettings.KMS_EMULATOR_HOST + " must be a loopback host:port");
  }

  @Test
  void endpoints_formerVariableNames_stillReadForOneRelease() {
    Environment env = Environment.of(Map.of(
        "SECRETFN_KMS_EMULATOR_HOST", "127.0.0.1:1111", "SECRETFN_STORAGE_EMULATOR_HOST", "127.0.0.1:2222"));

    assertThat(config(GcpSettings.defaults(), env).kmsEndpoint()).contains(URI.create("http://127.0.0.1:1111"));
    assertThat(config(GcpSettings.defaults(), env).storageEndpoint()).contains(URI.create("http://127.0.0.1:2222"));
  }

  @Test
  void endpoints_currentNameSet_winsOverTheFormerName() {
    Environment env = Environment.of(Map.of(
        GcpSettings.KMS_EMULATOR_HOST, "127.0.0.1:1111", "SECRETFN_KMS_EMULATOR_HOST", "127.0.0.1:9999"));

    assertThat(config(GcpSettings.defaults(), env).kmsEndpoint()).contains(URI.create("http://127.0.0.1:1111"));
  }

  private static GcpConfig config(GcpSettings settings, Environment environment) {
    return new GcpConfig(settings, environment, Duration.ofSeconds(8));
  }

  @Test
  void maxObjectBytes_validatedOnSet() {
    assertThat(GcpSettings.defaults().maxObjectBytes()).isEqualTo(65536);
    assertThatThrownBy(() -> GcpSettings.builder().maxObjectBytes(0)).hasMessageContaining("between 1");
  }
}
