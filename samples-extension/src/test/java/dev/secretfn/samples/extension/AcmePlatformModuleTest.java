package dev.secretfn.samples.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dagger.BindsInstance;
import dagger.Component;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretVar;
import dev.secretfn.Step;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A function on Acme's platform module: the allowed stores resolve, any other is refused, the budget applies. */
class AcmePlatformModuleTest {
  @SecretDeclarations
  interface PaymentSecrets {
    @SecretVar("DB_PASS") Secret dbPass();

    @SecretVar("TLS_KEY") Secret tlsKey();
  }

  @Singleton
  @Component(modules = {AcmePlatformModuleTest_PaymentSecretsModule.class, AcmePlatformModule.class})
  interface PaymentComponent {
    @SecretVar("DB_PASS") Secret dbPass();

    @SecretVar("TLS_KEY") Secret tlsKey();

    ResolverSettings settings();

    @Component.Factory
    interface Factory {
      PaymentComponent create(@BindsInstance Environment environment);
    }
  }

  private final AcmeSecretsEmulator emulator = AcmeSecretsEmulator.start();
  /** Stands in for the directory the platform mounts secret files in. */
  private Path secrets;

  @BeforeEach
  void mount() throws IOException {
    // The build points java.io.tmpdir at a directory of the module's own, created on first use.
    Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    secrets = Files.createTempDirectory(tmp, "mounted-secrets-");
  }

  @AfterEach
  void stop() throws IOException {
    emulator.close();
    Files.deleteIfExists(secrets.resolve("tls.key"));
    Files.deleteIfExists(secrets);
  }

  @Test
  void allowedStores_resolve() throws IOException {
    emulator.put("payments/db", "pw-1".getBytes(StandardCharsets.UTF_8));
    Files.writeString(secrets.resolve("tls.key"), "key-1");

    PaymentComponent component = DaggerAcmePlatformModuleTest_PaymentComponent.factory().create(Environment.of(Map.of(
        AcmeSettings.ADDRESS, emulator.endpoint(),
        "DB_PASS", "acme://payments/db?version=1",
        "TLS_KEY", "file://" + secrets.resolve("tls.key"))));

    assertEquals("pw-1", component.dbPass().revealString());
    assertEquals("key-1", component.tlsKey().revealString());
  }

  @Test
  void storeThePlatformDoesNotAllow_failsStartUpNamingItsModule() {
    emulator.put("payments/db", "pw-1".getBytes(StandardCharsets.UTF_8));
    PaymentComponent component = DaggerAcmePlatformModuleTest_PaymentComponent.factory().create(Environment.of(Map.of(
        AcmeSettings.ADDRESS, emulator.endpoint(),
        "DB_PASS", "acme://payments/db?version=1",
        "TLS_KEY", "gs://acme-secrets/tls.key?generation=1")));

    SecretResolutionException e = assertThrows(SecretResolutionException.class, component::tlsKey);

    assertEquals(Step.SOURCE_SETUP, e.failures().get(0).step(), e.getMessage());
    assertTrue(e.getMessage().contains("CloudStorageModule"), e.getMessage());
    assertTrue(e.getMessage().contains("acme://, file://"), e.getMessage());
  }

  @Test
  void platformBudget_isTheResolversSettings() {
    ResolverSettings settings =
        DaggerAcmePlatformModuleTest_PaymentComponent.factory().create(Environment.of(Map.of())).settings();

    assertEquals(AcmePlatformModule.DEADLINE, settings.deadline());
    assertEquals(2, settings.maxAttempts());
  }
}
