package dev.secretfn.gcp.storage.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Not an API: what a media download declared about its body, as both transports read it from the answer's
 * headers. Encodings are lower case; {@code identity} and none are both empty.
 *
 * @param crc32c the {@code crc32c} member of {@code x-goog-hash} (base64 of the big-endian CRC32C), which Cloud
 *     Storage computes over the object's stored bytes
 * @param contentEncoding the {@code Content-Encoding} of the body received
 * @param storedContentEncoding the object's content encoding ({@code x-goog-stored-content-encoding}), empty when
 *     the answer does not say
 */
public record MediaHeaders(
    Optional<String> crc32c, Optional<String> contentEncoding, Optional<String> storedContentEncoding) {
  /** An answer that declared nothing. */
  public static final MediaHeaders NOTHING = new MediaHeaders(Optional.empty(), Optional.empty(), Optional.empty());

  /**
   * Reads the headers as they came.
   *
   * @param xGoogHash every {@code x-goog-hash} header (one per hash, or comma-separated in one); empty for none
   * @param contentEncoding the {@code Content-Encoding} header, or null
   * @param storedContentEncoding the {@code x-goog-stored-content-encoding} header, or null
   */
  public static MediaHeaders of(List<String> xGoogHash, String contentEncoding, String storedContentEncoding) {
    return new MediaHeaders(declaredCrc32c(xGoogHash), encoding(contentEncoding), encoding(storedContentEncoding));
  }

  /** The crc32c member of {@code x-goog-hash} headers, if any. */
  static Optional<String> declaredCrc32c(List<String> xGoogHash) {
    for (String header : xGoogHash) {
      if (header == null) {
        continue;
      }
      for (String member : header.split(",")) {
        String m = member.trim();
        if (m.startsWith("crc32c=")) {
          return Optional.of(m.substring("crc32c=".length()));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> encoding(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String encoding = header.trim().toLowerCase(Locale.ROOT);
    return encoding.isEmpty() || encoding.equals("identity") ? Optional.empty() : Optional.of(encoding);
  }
}
