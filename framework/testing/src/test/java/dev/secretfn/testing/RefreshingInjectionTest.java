package dev.secretfn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.secretfn.Environment;
import dev.secretfn.Refresh;
import dev.secretfn.RefreshStatus;
import dev.secretfn.Refreshing;
import dev.secretfn.ResolverSettings;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretVar;
import dev.secretfn.Step;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A refreshing secret through the generated module and a component, as a handler uses it: the store rotates the
 * value, the handler's first call is rejected, it refreshes and retries once. A canary audit watches every
 * value the store served through a rotation and a failing refresh.
 */
class RefreshingInjectionTest {
  private static final String DB = "mem://secrets/db.json";

  @SecretDeclarations
  interface RotatingSecrets {
    @SecretVar("DB_PASS") @Refresh(maxAgeSeconds = 300) Refreshing<Secret> dbPass();

    @SecretVar("DB_USER") @Refresh(maxAgeSeconds = 300) Refreshing<String> dbUser();
  }

  /** The database the handler talks to: it accepts one password, which the test rotates. */
  static final class Upstream {
    volatile String password;

    String query(String user, Secret password) {
      if (!password.revealString().equals(this.password)) {
        throw new IllegalStateException("authentication failed for " + user);
      }
      return "rows for " + user;
    }
  }

  static final class Handler {
    final Refreshing<Secret> dbPass;
    final Refreshing<String> dbUser;
    final Upstream upstream;

    @Inject
    Handler(@SecretVar("DB_PASS") Refreshing<Secret> dbPass, @SecretVar("DB_USER") Refreshing<String> dbUser,
        Upstream upstream) {
      this.dbPass = dbPass;
      this.dbUser = dbUser;
      this.upstream = upstream;
    }

    String handle() throws Exception {
      try {
        return upstream.query(dbUser.current(), dbPass.current());
      } catch (IllegalStateException rejected) {
        Secret fresh = dbPass.refresh().get(5, TimeUnit.SECONDS);
        return upstream.query(dbUser.current(), fresh);
      }
    }
  }

  @Module
  static final class TestBindings {
    private final InMemorySource source;
    private final Upstream upstream;

    TestBindings(InMemorySource source, Upstream upstream) {
      this.source = source;
      this.upstream = upstream;
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
    Upstream upstream() {
      return upstream;
    }

    @Provides
    static Environment environment() {
      return Environment.of(Map.of("DB_PASS", DB + "#password", "DB_USER", DB + "#user"));
    }

    @Provides
    static ResolverSettings settings() {
      return ResolverSettings.builder().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20))
          .build();
    }
  }

  @Singleton
  @Component(modules = {RefreshingInjectionTest_RotatingSecretsModule.class, TestBindings.class})
  interface RotatingComponent {
    Handler handler();

    @Component.Factory
    interface Factory {
      RotatingComponent create(TestBindings bindings);
    }
  }

  @Test
  void handle_passwordRotatedThenRefreshFails_retriesOnceWithTheNewValueThenKeepsItAndLeaksNothing()
      throws Exception {
    try (CanaryAudit audit = CanaryAudit.start()) {
      String first = audit.canary("db-pass-1");
      String second = audit.canary("db-pass-2");
      InMemorySource mem = InMemorySource.builder(Scheme.of("mem")).putUtf8(DB, json("app", first)).build();
      Upstream upstream = new Upstream();
      upstream.password = first;
      Handler handler = DaggerRefreshingInjectionTest_RotatingComponent.factory()
          .create(new TestBindings(mem, upstream)).handler();
      assertThat(handler.handle()).isEqualTo("rows for app");

      // The team rotates the password: the store and the database change, the function is not redeployed.
      mem.rotateUtf8(DB, json("app", second));
      upstream.password = second;
      assertThat(handler.handle()).isEqualTo("rows for app");
      assertThat(handler.handle()).isEqualTo("rows for app");
      assertThat(mem.fetchCount()).as("start-up, then one refresh for both fields").isEqualTo(2);

      mem.failNow(DB, Step.FETCH, "403 Forbidden: the function may not read secrets/db.json", "grant it");
      ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> handler.dbPass.refresh().get(5, TimeUnit.SECONDS));
      assertThat(failed.getCause()).isInstanceOf(SecretResolutionException.class)
          .hasMessageContaining("DB_PASS = mem://secrets/db.json#password: FETCH failed: 403 Forbidden");
      assertThat(handler.handle()).isEqualTo("rows for app");
      RefreshStatus status = handler.dbPass.status();
      assertThat(status.consecutiveFailures()).isEqualTo(1);
      assertThat(handler.dbUser.status().consecutiveFailures()).isEqualTo(1);

      audit.assertAbsentFrom(failed, failed.getCause(), status, handler.dbPass, handler.dbUser,
          handler.dbPass.current(), status.lastFailure().orElseThrow());
      assertThat(audit.logged("refreshing DB_PASS and DB_USER failed")).isEqualTo(1);
    }
  }

  @Test
  void generatedModule_refreshMethods_declareRequiredRefreshingSecretsWithTheirMaxAge() {
    assertThat(RefreshingInjectionTest_RotatingSecretsModule.declarations())
        .allSatisfy(d -> {
          assertThat(d.refreshMaxAge()).contains(Duration.ofSeconds(300));
          assertThat(d.isRequired()).isTrue();
        })
        .extracting(d -> d.isText()).containsExactly(false, true);
  }

  private static String json(String user, String password) {
    return "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}";
  }
}
