package dev.secretfn.vault;

import dev.secretfn.Secret;
import dev.secretfn.internal.JsonFields.JsonShapeException;
import dev.secretfn.internal.JsonFields;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The little JSON the Vault source writes and reads outside of secret payloads: request bodies of known
 * shape, and the first message of Vault's {@code {"errors": [...]}}. Payloads themselves are read with
 * {@link #member} and {@link #field}, over core's strict JSON reader, which never echoes content.
 */
final class JsonText {
  private JsonText() {}

  /**
   * The first message of a Vault error body {@code {"errors":["..."]}}, cut to 300 characters and with control
   * characters replaced; empty when the body has no such message (Vault answers 404 with {@code []}).
   */
  static Optional<String> firstError(byte[] body) {
    try (Holder errors = new Holder(member(Secret.copyOf(body), "errors"))) {
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
        String message = field(Secret.copyOf(object), "m").revealString().replaceAll("[\\p{Cntrl}]", " ");
        return Optional.of(message.length() > 300 ? message.substring(0, 300) + "..." : message);
      } finally {
        Arrays.fill(array, (byte) 0);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  /**
   * One member of the JSON object in {@code secret}, whatever its kind, as JSON text.
   *
   * @throws IllegalArgumentException if there is no such member; the message never quotes the payload
   */
  static Secret member(Secret secret, String name) {
    return select(secret, name, true);
  }

  /**
   * One string field of the JSON object in {@code secret}.
   *
   * @throws IllegalArgumentException if there is no such string field; the message never quotes the payload
   */
  static Secret field(Secret secret, String name) {
    return select(secret, name, false);
  }

  private static Secret select(Secret secret, String name, boolean member) {
    byte[] json = secret.revealBytes();
    byte[] selected = null;
    try {
      selected = member ? JsonFields.member(json, name) : JsonFields.select(json, name);
      return Secret.copyOf(selected);
    } catch (JsonShapeException e) {
      throw new IllegalArgumentException(e.getMessage());
    } finally {
      Arrays.fill(json, (byte) 0);
      if (selected != null) {
        Arrays.fill(selected, (byte) 0);
      }
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
