package dev.secretfn.aws.s3.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the two fields secretfn needs from S3's XML error answer, {@code <Error><Code>...</Code>...
 * <Region>...</Region></Error>}, without an XML parser (JAXP would cost more class loading than the whole
 * lean transport). Only values of the shape S3 uses are returned, so nothing odd reaches a message.
 */
final class S3Xml {
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9.]{1,64}");
  private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private S3Xml() {}

  /** The error code, or empty when the body has none (a HEAD answer, or not S3's XML). */
  static String code(byte[] body) {
    return element(body, "Code").filter(c -> CODE.matcher(c).matches()).orElse("");
  }

  /** The bucket's region that an error about the region names. */
  static Optional<String> region(byte[] body) {
    return element(body, "Region").filter(S3Xml::isRegion);
  }

  static boolean isRegion(String region) {
    return region.length() <= 40 && REGION.matcher(region).matches();
  }

  private static Optional<String> element(byte[] body, String name) {
    String xml = new String(body, StandardCharsets.UTF_8);
    int error = xml.indexOf("<Error>");
    if (error < 0) {
      return Optional.empty();
    }
    String open = "<" + name + ">";
    int start = xml.indexOf(open, error);
    int end = start < 0 ? -1 : xml.indexOf("</" + name + ">", start);
    return end < 0 ? Optional.empty() : Optional.of(xml.substring(start + open.length(), end).trim());
  }
}
