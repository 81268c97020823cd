package dev.secretfn.vault;

import dev.secretfn.internal.HttpExchange;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Vault's HTTP API for one configuration: the address, namespace and token headers on every call. */
final class VaultClient {
  /** Vault's answers here are small; a KV secret is limited to 512 KiB by Vault itself by default. */
  static final int MAX_BODY = 1024 * 1024;

  final VaultConfig config;

  VaultClient(VaultConfig config) {
    this.config = config;
  }

  /**
   * Calls {@code /v1/PATH}; any status is returned.
   *
   * @throws SourceException (retryable) when the exchange fails
   */
  HttpExchange.Response call(String method, String path, VaultToken token, byte[] body, Duration timeout)
      throws SourceException, InterruptedException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Vault-Request", "true");
    config.namespace.ifPresent(n -> headers.put("X-Vault-Namespace", n));
    if (token != null) {
      headers.put("X-Vault-Token", token.reveal());
    }
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    try {
      return HttpExchange.exchange(method, config.api(path), headers, body, timeout, MAX_BODY);
    } catch (IOException e) {
      throw VaultErrors.transport(e, method + " " + path, config);
    }
  }
}
