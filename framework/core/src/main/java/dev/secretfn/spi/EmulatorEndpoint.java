package dev.secretfn.spi;

import dev.secretfn.Environment;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Validation of endpoint overrides, which sources allow for local emulators only: an override must be
 * {@code http://} or {@code https://} on a loopback host with a port, so that it can never send credentials or
 * ciphertexts to another machine. {@code https://} is for emulators that serve TLS (the tests that prove the
 * lean transport verifies a certificate chain and host name); the JVM's default trust applies to it as to any
 * other {@code https://} endpoint.
 */
public final class EmulatorEndpoint {
  private EmulatorEndpoint() {}

  /**
   * Returns {@code endpoint} if it is {@code http://} or {@code https://} on {@code 127.0.0.1:PORT}, {@code
   * localhost:PORT} or {@code [::1]:PORT}, without a path.
   *
   * @throws IllegalArgumentException otherwise, naming the scheme, host and port it refused (never user
   *     information, a query or a path)
   */
  public static URI requireLoopback(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    String host = endpoint.getHost();
    boolean loopback = "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
    boolean web = "http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme());
    if (!web || !loopback || endpoint.getPort() <= 0
        || !(endpoint.getPath() == null || endpoint.getPath().isEmpty())) {
      throw new IllegalArgumentException(
          "an endpoint override must be http://127.0.0.1:PORT or https://127.0.0.1:PORT (or localhost, [::1]),"
              + " not " + shown(endpoint) + ": overrides are for local emulators only, and real credentials are"
              + " never sent to them");
    }
    return endpoint;
  }

  /** Scheme, host and port, and whether there is more, without user information, path or query. */
  private static String shown(URI endpoint) {
    if (endpoint.getHost() == null) {
      return endpoint.getScheme() == null ? "a relative URI" : "a " + endpoint.getScheme() + ": URI without a host";
    }
    boolean more = endpoint.getRawPath() != null && !endpoint.getRawPath().isEmpty()
        || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null;
    return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "")
        + (more ? "/..." : "");
  }

  /**
   * Reads a {@code host:port} emulator address from {@code variable}, if set, as a plain {@code http://}
   * endpoint (an emulator variable names no scheme, and emulators started from the environment serve HTTP).
   *
   * @throws IllegalArgumentException naming the variable if it is set but not a loopback {@code host:port}
   */
  public static Optional<URI> fromEnvironment(Environment environment, String variable) {
    return environment.get(variable).map(hostPort -> {
      try {
        return requireLoopback(URI.create("http://" + hostPort));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            variable + " must be a loopback host:port such as 127.0.0.1:8085 (" + e.getMessage() + ")", e);
      }
    });
  }

  /**
   * Like {@link #fromEnvironment(Environment, String)}, also reading {@code formerName}, the variable's name in
   * an earlier release, when {@code variable} is not set; using the former name logs a warning.
   */
  public static Optional<URI> fromEnvironment(Environment environment, String variable, String formerName) {
    if (environment.get(variable).isPresent() || environment.get(formerName).isEmpty()) {
      return fromEnvironment(environment, variable);
    }
    System.getLogger("dev.secretfn").log(System.Logger.Level.WARNING,
        "secretfn: " + formerName + " is deprecated; set " + variable + " instead");
    return fromEnvironment(environment, formerName);
  }
}
