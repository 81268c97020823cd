package dev.secretfn.gcp.kms;

import dev.secretfn.gcp.kms.internal.CloudKmsTransport;
import dev.secretfn.internal.JsonFields;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The documented REST form of Cloud KMS's Decrypt, {@code POST /v1/CRYPTO_KEY:decrypt}, as protobuf's JSON
 * mapping writes it: bytes in standard base64, int64 checksums as decimal strings, camelCase names.
 */
final class CloudKmsRest {
  /** The shape of a CryptoKey name; the segments are checked and encoded one by one. */
  private static final Pattern CRYPTO_KEY = Pattern.compile(
      "projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+");
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private CloudKmsRest() {}

  /**
   * {@code ENDPOINT/v1/CRYPTO_KEY:decrypt}, each segment of the name percent-encoded (the name may come from
   * an object's metadata, as Berglas's does).
   *
   * @throws IllegalArgumentException if {@code cryptoKey} is not shaped like a CryptoKey name
   */
  static URI decryptUri(URI endpoint, String cryptoKey) {
    if (!CRYPTO_KEY.matcher(cryptoKey).matches()) {
      throw new IllegalArgumentException("'" + cryptoKey + "' is not a Cloud KMS CryptoKey name"
          + " (projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY)");
    }
    StringBuilder path = new StringBuilder("/v1");
    for (String segment : cryptoKey.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("'" + cryptoKey + "' is not a Cloud KMS CryptoKey name (it has a '"
            + segment + "' segment)");
      }
      path.append('/');
      encodeSegment(segment, path);
    }
    return URI.create(endpoint.toString() + path + ":decrypt");
  }

  /**
   * {@code {"ciphertext":..., "ciphertextCrc32c":..., "additionalAuthenticatedData":...,
   * "additionalAuthenticatedDataCrc32c":...}}, the additional data and its checksum only when there is some.
   */
  static byte[] requestBody(CloudKmsTransport.Request request) {
    Base64.Encoder base64 = Base64.getEncoder();
    StringBuilder json = new StringBuilder(request.ciphertext().length * 4 / 3 + 128)
        .append("{\"ciphertext\":\"").append(base64.encodeToString(request.ciphertext()))
        .append("\",\"ciphertextCrc32c\":\"").append(request.ciphertextCrc32c()).append('"');
    if (request.additionalData().length > 0) {
      json.append(",\"additionalAuthenticatedData\":\"").append(base64.encodeToString(request.additionalData()))
          .append("\",\"additionalAuthenticatedDataCrc32c\":\"").append(request.additionalDataCrc32c())
          .append('"');
    }
    return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads {@code plaintext} (required: Cloud KMS never encrypts an empty plaintext) and {@code plaintextCrc32c}
   * (a decimal string, or a number) from a Decrypt answer. Every intermediate copy of the plaintext is wiped.
   *
   * @throws MalformedAnswerException if the answer is not such a JSON object; the message quotes nothing
   */
  static CloudKmsTransport.Answer answer(byte[] body) throws MalformedAnswerException {
    OptionalLong crc = checksum(body);
    byte[] base64;
    try {
      base64 = JsonFields.select(body, "plaintext");
    } catch (JsonFields.JsonShapeException e) {
      throw new MalformedAnswerException(e.getMessage());
    }
    try {
      return new CloudKmsTransport.Answer(Base64.getDecoder().decode(base64), crc);
    } catch (IllegalArgumentException e) {
      throw new MalformedAnswerException("field 'plaintext' is not base64");
    } finally {
      Arrays.fill(base64, (byte) 0);
    }
  }

  /** The answer's {@code plaintextCrc32c}; empty when it has none, which the decrypter then refuses. */
  private static OptionalLong checksum(byte[] body) throws MalformedAnswerException {
    String value;
    try {
      value = new String(JsonFields.member(body, "plaintextCrc32c"), StandardCharsets.US_ASCII);
    } catch (JsonFields.JsonShapeException e) {
      // JsonFields says so in these words; any other shape problem is a malformed answer.
      if (e.getMessage().startsWith("the JSON object has no field")) {
        return OptionalLong.empty();
      }
      throw new MalformedAnswerException(e.getMessage());
    }
    String digits = value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2
        ? value.substring(1, value.length() - 1) : value;
    if (!digits.matches("[0-9]{1,10}") || Long.parseLong(digits) > 0xffffffffL) {
      throw new MalformedAnswerException("field 'plaintextCrc32c' is not an unsigned 32-bit number");
    }
    return OptionalLong.of(Long.parseLong(digits));
  }

  /** RFC 3986 unreserved characters and ':' stay; everything else is percent-encoded as UTF-8. */
  private static void encodeSegment(String segment, StringBuilder out) {
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == ':') {
        out.append(c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
  }

  /** A Decrypt answer that is not the documented JSON; the message describes shapes only. */
  static final class MalformedAnswerException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedAnswerException(String message) {
      super(message, null, false, false);
    }
  }
}
