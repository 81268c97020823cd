package dev.secretfn.vault;

import dev.secretfn.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The little JSON the Vault source writes and reads outside of secret payloads: request bodies of known
 * shape, and the first message of Vault's {@code {"errors": [...]}}. Payloads themselves are read with
 * {@link Secret#jsonMember} and {@link Secret#jsonField}, which never echo content.
 */
final class JsonText {
  private JsonText() {}

  /** {@code s} as a JSON string literal. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /**
   * The first message of a Vault error body {@code {"errors":["..."]}}, cut to 300 characters and with control
   * characters replaced; empty when the body has no such message (Vault answers 404 with {@code []}).
   */
  static Optional<String> firstError(byte[] body) {
    try (Holder errors = new Holder(Secret.copyOf(body).jsonMember("errors"))) {
      byte[] array = errors.secret.revealBytes();
      try {
        int i = 1;
        while (i < array.length && (array[i] == ' ' || array[i] == '\n' || array[i] == '\t' || array[i] == '\r')) {
          i++;
        }
        if (array.length == 0 || array[0] != '[' || i >= array.length || array[i] != '"') {
          return Optional.empty();
        }
        int end = i + 1;
        while (end < array.length && array[end] != '"') {
          end += array[end] == '\\' ? 2 : 1;
        }
        if (end >= array.length) {
          return Optional.empty();
        }
        byte[] object = ("{\"m\":" + new String(array, i, end + 1 - i, StandardCharsets.UTF_8) + "}")
            .getBytes(StandardCharsets.UTF_8);
        String message = Secret.copyOf(object).jsonField("m").revealString().replaceAll("[\\p{Cntrl}]", " ");
        return Optional.of(message.length() > 300 ? message.substring(0, 300) + "..." : message);
      } finally {
        Arrays.fill(array, (byte) 0);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  /** Wipes a parsed part of a response when done with it. */
  static final class Holder implements AutoCloseable {
    final Secret secret;

    Holder(Secret secret) {
      this.secret = secret;
    }

    @Override
    public void close() {
      secret.wipe();
    }
  }
}
