package dev.secretfn.samples.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dagger.BindsInstance;
import dagger.Component;
import dev.secretfn.Environment;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretVar;
import dev.secretfn.Step;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The acme:// store as a function uses it: declared secrets, a component that binds the store's module. */
class AcmeStoreInjectionTest {
  @SecretDeclarations
  interface PaymentSecrets {
    @SecretVar("DB_USER") String dbUser();

    @SecretVar("DB_PASS") Secret dbPass();
  }

  @Singleton
  @Component(modules = {AcmeStoreInjectionTest_PaymentSecretsModule.class, AcmeSecretsModule.class})
  interface PaymentComponent {
    @SecretVar("DB_USER") String dbUser();

    @SecretVar("DB_PASS") Secret dbPass();

    @Component.Factory
    interface Factory {
      PaymentComponent create(@BindsInstance Environment environment);
    }
  }

  @Singleton
  @Component(modules = AcmeStoreInjectionTest_PaymentSecretsModule.class)
  interface StorelessComponent {
    @SecretVar("DB_PASS") Secret dbPass();

    @Component.Factory
    interface Factory {
      StorelessComponent create(@BindsInstance Environment environment);
    }
  }

  private final AcmeSecretsEmulator emulator = AcmeSecretsEmulator.start();

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void component_bindingTheAcmeModule_injectsFieldsOfOneSecret() {
    emulator.put("payments/db", "{\"username\":\"payments\",\"password\":\"pw-1\"}".getBytes(StandardCharsets.UTF_8));
    Environment environment = Environment.of(Map.of(
        AcmeSettings.ADDRESS, emulator.endpoint(),
        "DB_USER", "acme://payments/db?version=1#username",
        "DB_PASS", "acme://payments/db?version=1#password"));

    PaymentComponent component =
        DaggerAcmeStoreInjectionTest_PaymentComponent.factory().create(environment);

    assertEquals("payments", component.dbUser());
    assertEquals("pw-1", component.dbPass().revealString());
    assertEquals(1, emulator.requests().size(), "one fetch serves both fields");
  }

  @Test
  void component_withoutTheAcmeModule_failsNamingTheUnknownScheme() {
    Environment environment = Environment.of(Map.of("DB_USER", "acme://payments/db#username",
        "DB_PASS", "acme://payments/db#password"));

    SecretResolutionException e = assertThrows(SecretResolutionException.class,
        () -> DaggerAcmeStoreInjectionTest_StorelessComponent.factory().create(environment).dbPass());

    assertEquals(Step.PARSE_REFERENCE, e.failures().get(0).step(), e.getMessage());
    assertTrue(e.getMessage().contains("unknown scheme 'acme://'"), e.getMessage());
  }
}
