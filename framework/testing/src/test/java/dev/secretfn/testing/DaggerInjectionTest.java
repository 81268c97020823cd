package dev.secretfn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.secretfn.DefaultValue;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretVar;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The user-facing pattern end to end: declarations, generated module, component, constructor injection. It stays
 * here rather than in core because it needs secretfn-compiler on the processor path, and the compiler module
 * depends on core (for its own tests), which would make a reactor cycle.
 */
class DaggerInjectionTest {
  @SecretDeclarations
  interface PaymentSecrets {
    @SecretVar("DB_USER") String dbUser();

    @SecretVar("DB_PASS") Secret dbPass();

    @SecretVar("PARTNER_KEY") Optional<Secret> partnerKey();

    @SecretVar("MODE") @DefaultValue("live") String mode();
  }

  static final class PaymentHandler {
    final String dbUser;
    final Secret dbPass;
    final Optional<Secret> partnerKey;
    final String mode;

    @Inject
    PaymentHandler(@SecretVar("DB_USER") String dbUser, @SecretVar("DB_PASS") Secret dbPass,
        @SecretVar("PARTNER_KEY") Optional<Secret> partnerKey, @SecretVar("MODE") String mode) {
      this.dbUser = dbUser;
      this.dbPass = dbPass;
      this.partnerKey = partnerKey;
      this.mode = mode;
    }
  }

  /** What a test binds: the source, the environment, the settings. */
  @Module
  static final class TestBindings {
    private final InMemorySource source;
    private final Map<String, String> env;

    TestBindings(InMemorySource source, Map<String, String> env) {
      this.source = source;
      this.env = env;
    }

    @Provides
    @IntoSet
    SecretSource source() {
      return source;
    }

    @Provides
    @IntoSet
    ReferenceSyntax syntax() {
      return source.syntax();
    }

    @Provides
    Environment environment() {
      return Environment.of(env);
    }

    @Provides
    static ResolverSettings settings() {
      return ResolverSettings.builder().deadline(Duration.ofSeconds(2)).build();
    }
  }

  @Singleton
  @Component(modules = {DaggerInjectionTest_PaymentSecretsModule.class, TestBindings.class})
  interface PaymentComponent {
    PaymentHandler handler();

    @Component.Factory
    interface Factory {
      PaymentComponent create(TestBindings bindings);
    }
  }

  private static final InMemorySource MEM = InMemorySource.builder(Scheme.of("mem"))
      .putUtf8("mem://secrets/db.json", "{\"user\":\"payments\",\"password\":\"pw-1\"}")
      .build();

  @Test
  void handler_declaredSecretsSet_injectsEveryShape() {
    InMemorySource mem = InMemorySource.builder(Scheme.of("mem"))
        .putUtf8("mem://secrets/db.json", "{\"user\":\"payments\",\"password\":\"pw-1\"}")
        .build();
    PaymentComponent component = DaggerDaggerInjectionTest_PaymentComponent.factory().create(
        new TestBindings(mem, Map.of(
            "DB_USER", "mem://secrets/db.json#user",
            "DB_PASS", "mem://secrets/db.json#password")));

    PaymentHandler handler = component.handler();
    PaymentHandler again = component.handler();

    assertThat(handler.dbUser).isEqualTo("payments");
    assertThat(handler.dbPass.revealString()).isEqualTo("pw-1");
    assertThat(handler.dbPass.toString()).isEqualTo("Secret[DB_PASS, redacted]");
    assertThat(handler.partnerKey).isEmpty();
    assertThat(handler.mode).isEqualTo("live");
    assertThat(again.dbPass).isSameAs(handler.dbPass);
    assertThat(mem.fetchCount()).as("resolved once per component, one fetch for both fields").isEqualTo(1);
  }

  @Test
  void handler_requiredSecretMissing_failsWhenTheHandlerIsBuilt() {
    PaymentComponent component = DaggerDaggerInjectionTest_PaymentComponent.factory().create(
        new TestBindings(MEM, Map.of("DB_USER", "mem://secrets/db.json#user")));

    assertThatThrownBy(component::handler)
        .isInstanceOf(SecretResolutionException.class)
        .hasMessageContaining("DB_PASS: LOOKUP failed: the variable is not set");
  }

  @Test
  void generatedModule_listsDeclarationsInSourceOrder() {
    assertThat(DaggerInjectionTest_PaymentSecretsModule.declarations())
        .extracting(d -> d.variable())
        .containsExactly("DB_USER", "DB_PASS", "PARTNER_KEY", "MODE");
  }
}
