package dev.secretfn.stores;

import static org.assertj.core.api.Assertions.assertThat;

import dagger.Lazy;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.testing.CanaryAudit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One test's world, whatever the store: the canary plaintexts that must never show up in a message, a {@code
 * toString()} or a log line, a capture of everything logged at the default levels, the components the test built,
 * and a cloud's emulators, which a subclass starts, seeds and names in the variables ({@link
 * dev.secretfn.gcp.GcpTestbed}, {@link dev.secretfn.aws.AwsTestbed}). {@link #close()} closes the clients the test
 * built, checks the log for canaries, stops the emulators and checks their request logs and state for canaries.
 */
public abstract class SourceTestbed implements AutoCloseable {
  /**
   * Millisecond backoff, so that retries are exercised without slowing the build, and a roomy deadline: the
   * first client of a JVM takes seconds to load on a busy 2-core machine, which must not read as a deadline.
   */
  public static final ResolverSettings FAST = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(15))
      .initialBackoff(Duration.ofMillis(5))
      .maxBackoff(Duration.ofMillis(20))
      .build();
  /** FAST's retries with a deadline that a cold client on a busy 2-core machine cannot miss. */
  public static final ResolverSettings PATIENT = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(20))
      .initialBackoff(FAST.initialBackoff())
      .maxBackoff(FAST.maxBackoff())
      .build();

  private final CanaryAudit audit = CanaryAudit.start();
  private final List<TestComponent> components = new ArrayList<>();

  /** A client a test component may have built: the line its builder logs once, and where the component has it. */
  public record Client(
      String builtLogLine, Function<TestComponent, Optional<? extends Lazy<? extends AutoCloseable>>> of) {}

  /** The variables that point the clients at the emulators (and whatever else the cloud reads). */
  protected abstract Map<String, String> cloudVariables();

  /** The clients this cloud's sources build, closed at {@link #close()} when a test built them. */
  protected abstract List<Client> clients();

  /** Stops the emulators. */
  protected abstract void stopEmulators();

  /** What the emulators saw and hold (request logs, the emulators, their knobs), checked for canaries at close. */
  protected abstract List<Object> emulatorState();

  /** A distinctive plaintext, unique to this run, that no failure may reveal (raw, base64 or hex). */
  public final String canary(String what) {
    return audit.canary(what);
  }

  /**
   * Widens the audit to every channel: debug records of {@code dev.secretfn}, whatever is printed to the standard
   * streams, and files created or changed under {@code roots}; {@link #close()} checks them all.
   */
  public final void auditEverything(Path... roots) {
    audit.captureAllLevels("dev.secretfn").captureStandardStreams().watchFiles(roots);
  }

  /** Other secret material (a data key) that must not show up either, in base64 or hex. */
  public final void forbid(byte[] secret) {
    audit.forbid(secret);
  }

  /** The cloud's variables, then {@code references}. */
  public final Map<String, String> variables(Map<String, String> references) {
    Map<String, String> variables = new LinkedHashMap<>(cloudVariables());
    variables.putAll(references);
    return variables;
  }

  /** A deployment of {@code references} with {@link #FAST} and default cloud settings. */
  public final TestDeployment deployment(Map<String, String> references) {
    return TestDeployment.of(variables(references), FAST);
  }

  /** Keeps {@code component} so that {@link #close()} closes the clients it built. */
  public final <C extends TestComponent> C track(C component) {
    components.add(component);
    return component;
  }

  /**
   * A transport that owns its client (the AWS SDK's), as something to close: closes the transport when it is
   * {@link AutoCloseable}, and is a no-op otherwise.
   */
  protected static Lazy<AutoCloseable> closing(Lazy<?> transport) {
    return () -> () -> {
      if (transport.get() instanceof AutoCloseable closeable) {
        closeable.close();
      }
    };
  }

  /** How many times {@code text} was logged (at the default levels) since the testbed started. */
  protected final long logged(String text) {
    return audit.logged(text);
  }

  /** Runs a start-up that must fail and returns its exception. */
  public static SecretResolutionException startupFails(Runnable startup) {
    try {
      startup.run();
    } catch (SecretResolutionException e) {
      return e;
    }
    throw new AssertionError("start-up succeeded but should have failed");
  }

  public static SecretResolutionException.Failure onlyFailure(SecretResolutionException e) {
    assertThat(e.failures()).hasSize(1);
    return e.failures().get(0);
  }

  /** Asserts that no canary is in the text of {@code things}: toString, and for throwables the stack trace. */
  public final void assertNoCanaryIn(Object... things) {
    audit.assertAbsentFrom(things);
  }

  @Override
  public final void close() {
    try {
      closeClients();
    } finally {
      audit.close(); // asserts that nothing logged contains a canary
      stopEmulators();
    }
    assertNoCanaryIn(emulatorState().toArray());
  }

  /** Closes each client a tracked component exposes, once any client of its kind was built (never builds one). */
  private void closeClients() {
    for (Client client : clients()) {
      if (logged(client.builtLogLine()) == 0) {
        continue;
      }
      for (TestComponent component : components) {
        Optional<? extends Lazy<? extends AutoCloseable>> lazy = client.of().apply(component);
        if (lazy.isPresent()) {
          try {
            lazy.get().get().close();
          } catch (Exception e) {
            throw new IllegalStateException("could not close the client of " + client.builtLogLine(), e);
          }
        }
      }
    }
  }
}
