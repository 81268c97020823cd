package dev.secretfn.gcp.secretmanager;

import dev.secretfn.internal.JsonFields;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented REST form of Secret Manager's AccessSecretVersion, {@code GET /v1/{name}:access}, answered with
 * {@code {"name": ".../versions/7", "payload": {"data": BASE64, "dataCrc32c": "DECIMAL"}}} (protobuf's JSON
 * mapping: bytes in standard base64, int64 as a decimal string).
 */
final class SecretManagerRest {
  static final URI GLOBAL_ENDPOINT = URI.create("https://secretmanager.googleapis.com");
  /** The version an answer names: the project in it may be the number, whatever the request named. */
  private static final Pattern ANSWER_NAME =
      Pattern.compile("projects/[^/]+(?:/locations/[^/]+)?/secrets/([^/]+)/versions/([1-9][0-9]{0,18})");

  /** Why an answer whose name is not a version of the secret asked for is refused. */
  static final String NOT_A_VERSION = "field 'name' does not name a version of the secret";

  private SecretManagerRest() {}

  /**
   * The version number an answer's {@code name} gives, when it names a version of the secret {@code secret} (an
   * id); empty otherwise. The project in it may be the number, whatever the request named.
   */
  static OptionalLong answeredVersion(String name, String secret) {
    Matcher m = ANSWER_NAME.matcher(name);
    return m.matches() && m.group(1).equals(secret) ? OptionalLong.of(Long.parseLong(m.group(2)))
        : OptionalLong.empty();
  }

  /** The endpoint of a secret: the regional one ({@code secretmanager.LOCATION.rep.googleapis.com}) or the global one. */
  static URI endpoint(Optional<String> location) {
    return location.map(l -> URI.create("https://secretmanager." + l + ".rep.googleapis.com")).orElse(GLOBAL_ENDPOINT);
  }

  /**
   * {@code ENDPOINT/v1/NAME:access}. The name's parts are checked by the reference's rules (letters, digits, '_',
   * '-', '.', ':'), so none needs percent-encoding but the ':' of a domain-scoped project id.
   */
  static URI accessUri(URI endpoint, String versionName) {
    return URI.create(endpoint + "/v1/" + versionName.replace(":", "%3A") + ":access");
  }

  /**
   * The payload's bytes, its checksum (empty when the answer has none) and the version the answer names. Every
   * intermediate copy of the payload is wiped.
   *
   * @throws MalformedAnswerException if the answer is not such a JSON object; the message quotes nothing
   */
  static Answer answer(byte[] body, String secret) throws MalformedAnswerException {
    byte[] payload = null;
    byte[] base64 = null;
    try {
      String name = new String(JsonFields.select(body, "name"), StandardCharsets.UTF_8);
      OptionalLong answered = answeredVersion(name, secret);
      if (answered.isEmpty()) {
        throw new MalformedAnswerException(NOT_A_VERSION);
      }
      long version = answered.getAsLong();
      payload = JsonFields.member(body, "payload");
      OptionalLong crc = checksum(payload);
      base64 = optional(payload, "data");
      byte[] data;
      try {
        data = base64 == null ? new byte[0] : Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new MalformedAnswerException("field 'payload.data' is not base64");
      }
      return new Answer(name, data, crc, version);
    } catch (JsonFields.JsonShapeException e) {
      throw new MalformedAnswerException(e.getMessage());
    } finally {
      wipe(payload);
      wipe(base64);
    }
  }

  /** {@code payload.dataCrc32c}: a decimal string, or a number; empty when absent. */
  private static OptionalLong checksum(byte[] payload) throws MalformedAnswerException, JsonFields.JsonShapeException {
    byte[] raw;
    try {
      raw = JsonFields.member(payload, "dataCrc32c");
    } catch (JsonFields.JsonShapeException e) {
      if (e.getMessage().startsWith("the JSON object has no field")) {
        return OptionalLong.empty();
      }
      throw e;
    }
    String value = new String(raw, StandardCharsets.US_ASCII);
    String digits = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1) : value;
    if (!digits.matches("[0-9]{1,10}") || Long.parseLong(digits) > 0xffffffffL) {
      throw new MalformedAnswerException("field 'payload.dataCrc32c' is not an unsigned 32-bit number");
    }
    return OptionalLong.of(Long.parseLong(digits));
  }

  /** A string field's bytes, or null when the object has no such field (protobuf's JSON omits empty bytes). */
  private static byte[] optional(byte[] json, String field) throws JsonFields.JsonShapeException {
    try {
      return JsonFields.select(json, field);
    } catch (JsonFields.JsonShapeException e) {
      if (e.getMessage().startsWith("the JSON object has no field")) {
        return null;
      }
      throw e;
    }
  }

  private static void wipe(byte[] bytes) {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * What an access answered: the version's name, the payload (the caller owns and wipes it), its checksum, and the
   * version number.
   */
  static final class Answer {
    final String name;
    final byte[] data;
    final OptionalLong crc32c;
    final long version;

    Answer(String name, byte[] data, OptionalLong crc32c, long version) {
      this.name = name;
      this.data = data;
      this.crc32c = crc32c;
      this.version = version;
    }

    /** The size and version only: the payload is a secret. */
    @Override
    public String toString() {
      return "Answer[version " + version + ", " + data.length + " bytes]";
    }
  }

  /** An answer that is not the documented JSON; the message describes shapes only. */
  static final class MalformedAnswerException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedAnswerException(String message) {
      super(message, null, false, false);
    }
  }
}
