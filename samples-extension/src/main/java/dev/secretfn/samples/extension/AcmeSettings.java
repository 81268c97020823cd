package dev.secretfn.samples.extension;

import dev.secretfn.Environment;
import dev.secretfn.spi.EmulatorEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the Acme secrets service is: {@value #ADDRESS} (an {@code https://} URL, or a loopback {@code
 * http://} address for a local emulator). Read once, from the function's environment.
 */
final class AcmeSettings {
  /** The service's base URL. */
  static final String ADDRESS = "ACME_SECRETS_ADDR";
  /** The caller the service authorizes; Cloud Run functions and Lambda name the function in these. */
  private static final String[] FUNCTION_NAME_VARIABLES = {"K_SERVICE", "AWS_LAMBDA_FUNCTION_NAME"};

  private final URI address;
  private final String caller;

  private AcmeSettings(URI address, String caller) {
    this.address = address;
    this.caller = caller;
  }

  /**
   * @throws IllegalArgumentException naming {@value #ADDRESS} if it is missing or not an acceptable URL
   */
  static AcmeSettings from(Environment environment) {
    String value = environment.get(ADDRESS).orElseThrow(() -> new IllegalArgumentException(
        ADDRESS + " is not set: set it to the secrets service's URL, https://HOST[:PORT]"));
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ADDRESS + " is not a URL: write https://HOST[:PORT]");
    }
    if (!"https".equals(uri.getScheme())) {
      uri = EmulatorEndpoint.requireLoopback(uri);   // http only for an emulator on this machine
    }
    String caller = "unknown";
    for (String variable : FUNCTION_NAME_VARIABLES) {
      caller = environment.get(variable).orElse(caller);
    }
    return new AcmeSettings(uri, caller);
  }

  URI secretUri(AcmeSecret secret) {
    String version = secret.version().isPresent() ? Long.toString(secret.version().getAsLong()) : "latest";
    return URI.create(address + "/v1/secrets/" + secret.name() + "/versions/" + version);
  }

  String caller() {
    return caller;
  }

  /** A connect or read timeout from the time left, never zero (which would mean "wait forever"). */
  static int timeoutMillis(Duration remaining) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining.toMillis()));
  }

  @Override
  public String toString() {
    return "AcmeSettings[" + Objects.toString(address) + "]";
  }
}
