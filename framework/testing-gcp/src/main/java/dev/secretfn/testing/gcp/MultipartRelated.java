package dev.secretfn.testing.gcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/related} upload body (RFC 2387) as the Cloud Storage JSON API takes it: exactly two parts,
 * the object resource as JSON, then the media.
 */
final class MultipartRelated {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

  private final byte[] metadata;
  private final byte[] media;
  private final String mediaContentType;

  private MultipartRelated(byte[] metadata, byte[] media, String mediaContentType) {
    this.metadata = metadata;
    this.media = media;
    this.mediaContentType = mediaContentType;
  }

  /** Thrown for a body that is not two-part {@code multipart/related}; the message says what is wrong. */
  static final class MalformedMultipartException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedMultipartException(String message) {
      super(message);
    }
  }

  /** The JSON object resource (first part). */
  byte[] metadata() {
    return metadata;
  }

  /** The object's content (second part). */
  byte[] media() {
    return media;
  }

  /** The second part's Content-Type, {@code application/octet-stream} if it has none. */
  String mediaContentType() {
    return mediaContentType;
  }

  static MultipartRelated parse(String contentType, byte[] body) throws MalformedMultipartException {
    Matcher boundary = BOUNDARY.matcher(contentType);
    if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/related") || !boundary.find()) {
      throw new MalformedMultipartException("expected Content-Type multipart/related with a boundary");
    }
    byte[] delimiter = ("--" + boundary.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    byte[] innerDelimiter = ("\r\n--" + boundary.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    List<byte[]> contents = new ArrayList<>();
    List<String> types = new ArrayList<>();
    int pos = indexOf(body, delimiter, 0);
    if (pos < 0) {
      throw new MalformedMultipartException("the boundary does not occur in the body");
    }
    pos += delimiter.length;
    while (!startsWith(body, pos, new byte[] {'-', '-'})) { // "--" after a delimiter closes the body
      if (!startsWith(body, pos, CRLF)) {
        throw new MalformedMultipartException("expected CRLF after a boundary");
      }
      pos += CRLF.length;
      int headersEnd = startsWith(body, pos, CRLF) ? pos - CRLF.length : indexOf(body, HEADERS_END, pos);
      if (headersEnd < 0) {
        throw new MalformedMultipartException("a part's headers do not end");
      }
      String headers = headersEnd < pos ? "" : new String(body, pos, headersEnd - pos, StandardCharsets.ISO_8859_1);
      int start = headersEnd + HEADERS_END.length;
      int end = indexOf(body, innerDelimiter, start);
      if (end < 0) {
        throw new MalformedMultipartException("a part is not closed by the boundary");
      }
      contents.add(Arrays.copyOfRange(body, start, end));
      types.add(contentType(headers));
      pos = end + innerDelimiter.length;
    }
    if (contents.size() != 2) {
      throw new MalformedMultipartException("expected two parts, metadata and media, got " + contents.size());
    }
    return new MultipartRelated(contents.get(0), contents.get(1), types.get(1));
  }

  private static String contentType(String headers) {
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Type")) {
        return line.substring(colon + 1).trim();
      }
    }
    return "application/octet-stream";
  }

  private static boolean startsWith(byte[] haystack, int from, byte[] prefix) {
    if (from + prefix.length > haystack.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (haystack[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
      if (startsWith(haystack, i, needle)) {
        return i;
      }
    }
    return -1;
  }
}
