package dev.secretfn.testing.aws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code aws-chunked} content encoding the AWS SDK uses to upload with a trailing checksum: chunks of
 * {@code hex-size[;chunk-signature=...] CRLF data CRLF}, a last chunk of size 0, then trailer lines {@code
 * name:value CRLF} and an empty line. Chunk and trailer signatures are ignored: the emulators do not
 * authenticate.
 */
final class AwsChunked {
  private final byte[] content;
  private final Map<String, String> trailers;

  private AwsChunked(byte[] content, Map<String, String> trailers) {
    this.content = content;
    this.trailers = trailers;
  }

  byte[] content() {
    return content;
  }

  /** Trailer values by lower-case name, e.g. {@code x-amz-checksum-crc32}. */
  Map<String, String> trailers() {
    return trailers;
  }

  /** Decodes {@code body}; empty if it is not well-formed aws-chunked. */
  static Optional<AwsChunked> decode(byte[] body) {
    ByteArrayOutputStream content = new ByteArrayOutputStream(body.length);
    int pos = 0;
    while (true) {
      int eol = lineEnd(body, pos);
      if (eol < 0) {
        return Optional.empty();
      }
      String header = new String(body, pos, eol - pos, StandardCharsets.US_ASCII);
      int semicolon = header.indexOf(';');
      String hex = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      pos = eol + 2;
      if (size == 0) {
        break;
      }
      if (size < 0 || pos + size + 2 > body.length || body[pos + size] != '\r' || body[pos + size + 1] != '\n') {
        return Optional.empty();
      }
      content.write(body, pos, size);
      pos += size + 2;
    }
    Map<String, String> trailers = new LinkedHashMap<>();
    while (true) {
      int eol = lineEnd(body, pos);
      if (eol < 0) {
        // Tolerate a missing final empty line after the trailers.
        return pos >= body.length ? Optional.of(new AwsChunked(content.toByteArray(), trailers)) : Optional.empty();
      }
      String line = new String(body, pos, eol - pos, StandardCharsets.UTF_8);
      pos = eol + 2;
      if (line.isEmpty()) {
        return Optional.of(new AwsChunked(content.toByteArray(), trailers));
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      trailers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
  }

  private static int lineEnd(byte[] body, int from) {
    for (int i = from; i + 1 < body.length; i++) {
      if (body[i] == '\r' && body[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
