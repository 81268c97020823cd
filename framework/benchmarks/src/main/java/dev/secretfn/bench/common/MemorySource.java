package dev.secretfn.bench.common;

import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Serves the benchmark's ten fixture values from memory: {@code mem://s1} … {@code mem://s8} and the JSON object
 * {@code mem://db.json} (fields {@code username}, {@code password}), the same values the emulators serve the other
 * scenarios. Benchmark fixtures, not secrets.
 */
final class MemorySource implements SecretSource {
  static final Scheme SCHEME = Scheme.of("mem");
  private static final Map<String, byte[]> VALUES = values();

  @Override
  public Scheme scheme() {
    return SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException {
    byte[] value = VALUES.get(((MemoryReference) fetch.reference()).name());
    if (value == null) {
      throw SourceException.permanent(Step.FETCH, "no such value in the benchmark's in-memory source");
    }
    return Secret.copyOf(value);
  }

  private static Map<String, byte[]> values() {
    Map<String, byte[]> values = new HashMap<>();
    for (int i = 1; i <= 8; i++) {
      values.put("s" + i, utf8("bench-secret-" + i + "-value"));
    }
    values.put("db.json", utf8("{\"username\":\"bench-user\",\"password\":\"bench-password-0123456789\"}"));
    return Map.copyOf(values);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "MemorySource[" + VALUES.size() + " values]";
  }
}
