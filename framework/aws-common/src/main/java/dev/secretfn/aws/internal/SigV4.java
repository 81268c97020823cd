package dev.secretfn.aws.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The steps of AWS Signature Version 4 header signing, with the JDK only, by the rules of the SDK's
 * {@code AwsV4HttpSigner} (its {@code V4CanonicalRequest}, {@code SignerUtils} and {@code SdkHttpUtils}), so that
 * both sign every request alike; {@code SigV4OracleTest} holds them to that. Written without java.time.format,
 * regular expressions, lambdas or streams: each would cost class loading or a hidden class at a cold start, which
 * is what this class saves (string '+' is compiled inline project-wide for the same reason: see the root pom).
 * Stateless; thread-safe.
 */
final class SigV4 {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

  private SigV4() {}

  /** The SDK leaves these out of the signature (proxies and agents may change them). */
  static boolean unsigned(String lowerCaseName) {
    return lowerCaseName.equals("connection") || lowerCaseName.equals("x-amzn-trace-id")
        || lowerCaseName.equals("user-agent") || lowerCaseName.equals("expect");
  }

  /**
   * The headers to sign: lower-cased names in their natural order, without the unsigned ones. {@code headers}
   * holds each header once, whatever the case of its name (a case-insensitive map, as the SDK's request).
   */
  static TreeMap<String, List<String>> signedHeaders(Map<String, List<String>> headers) {
    TreeMap<String, List<String>> out = new TreeMap<>();
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ENGLISH);
      if (!unsigned(name)) {
        out.put(name, header.getValue());
      }
    }
    return out;
  }

  /** Task 1: the canonical request. */
  static String canonicalRequest(String method, URI uri, TreeMap<String, List<String>> signedHeaders,
      String payloadHash, boolean doubleUrlEncode, boolean normalizePath) {
    StringBuilder out = new StringBuilder(512);
    out.append(method).append('\n');
    out.append(canonicalUri(uri, doubleUrlEncode, normalizePath)).append('\n');
    out.append(canonicalQuery(uri.getRawQuery())).append('\n');
    for (Map.Entry<String, List<String>> header : signedHeaders.entrySet()) {
      out.append(header.getKey()).append(':');
      for (String value : header.getValue()) {
        appendTrimmed(out, value);
        out.append(',');
      }
      out.setLength(out.length() - 1);
      out.append('\n');
    }
    out.append('\n').append(signedHeaderNames(signedHeaders)).append('\n').append(payloadHash);
    return out.toString();
  }

  /** The names in the SignedHeaders list: lower case, in order, separated by semicolons. */
  static String signedHeaderNames(TreeMap<String, List<String>> signedHeaders) {
    StringBuilder out = new StringBuilder(128);
    for (String name : signedHeaders.keySet()) {
      if (out.length() > 0) {
        out.append(';');
      }
      out.append(name);
    }
    return out.toString();
  }

  /**
   * The path: as sent, or normalised (dot segments and repeated slashes removed, as {@link URI#normalize}); then
   * percent-encoded once more when {@code doubleUrlEncode} (every service but S3).
   */
  static String canonicalUri(URI uri, boolean doubleUrlEncode, boolean normalizePath) {
    String path = normalizePath ? uri.normalize().getRawPath() : uri.getRawPath();
    if (path == null || path.isEmpty()) {
      return "/";
    }
    if (doubleUrlEncode) {
      path = encode(path, true);
    }
    if (!path.startsWith("/")) {
      path = path.concat("/"); // as the SDK does (it cannot happen for a URI with a host)
    }
    // Normalising "/a/." leaves "/a/": the SDK drops that slash unless the path itself ends with one.
    if (normalizePath && path.length() > 1 && !uri.getPath().endsWith("/")
        && path.charAt(path.length() - 1) == '/') {
      path = path.substring(0, path.length() - 1);
    }
    return path;
  }

  /**
   * The query: each parameter split at '&' and its first '=' run as Java's {@code split("=")} does, decoded as a
   * form ('+' is a space), parameters without a name dropped, names and values percent-encoded (RFC 3986), sorted
   * by name, a repeated name's values sorted, and a missing value signed as empty ("a=").
   */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null) {
      return "";
    }
    TreeMap<String, List<String>> params = new TreeMap<>();
    int start = 0;
    while (start <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = rawQuery.length();
      }
      addParameter(params, rawQuery.substring(start, end).trim());
      start = end + 1;
    }
    StringBuilder out = new StringBuilder(128);
    for (Map.Entry<String, List<String>> param : params.entrySet()) {
      List<String> values = param.getValue();
      Collections.sort(values);
      for (String value : values) {
        if (out.length() > 0) {
          out.append('&');
        }
        out.append(param.getKey()).append('=').append(value);
      }
    }
    return out.toString();
  }

  private static void addParameter(TreeMap<String, List<String>> params, String parameter) {
    // String.split("=") keeps inner empty parts and drops trailing ones: "a=b=c" -> [a, b, c], "a=" -> [a].
    List<String> parts = new ArrayList<>(2);
    int from = 0;
    int eq;
    while ((eq = parameter.indexOf('=', from)) >= 0) {
      parts.add(parameter.substring(from, eq));
      from = eq + 1;
    }
    parts.add(parameter.substring(from));
    if (parts.size() > 1) {
      while (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
        parts.remove(parts.size() - 1);
      }
    }
    String name = parts.isEmpty() ? "" : URLDecoder.decode(parts.get(0), StandardCharsets.UTF_8);
    if (name.isEmpty()) {
      return; // the SDK signs no parameter without a name
    }
    String value = parts.size() < 2 ? "" : encode(URLDecoder.decode(parts.get(1), StandardCharsets.UTF_8), false);
    String key = encode(name, false);
    List<String> values = params.get(key);
    if (values == null) {
      values = new ArrayList<>(1);
      params.put(key, values);
    }
    values.add(value);
  }

  /** RFC 3986 percent-encoding of the UTF-8 bytes: all but A-Z a-z 0-9 - . _ ~ (and '/' if kept). */
  static String encode(String value, boolean keepSlashes) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~' || (keepSlashes && c == '/')) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX_UPPER[c >> 4]).append(HEX_UPPER[c & 0xf]);
      }
    }
    return out.toString();
  }

  /** A header value trimmed, its runs of whitespace folded to one space. */
  private static void appendTrimmed(StringBuilder out, String value) {
    if (value == null) {
      return;
    }
    boolean pendingSpace = false;
    boolean any = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\r' || c == '\f') {
        pendingSpace = any;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
        any = true;
      }
    }
  }

  /** Task 2: the string to sign. */
  static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return new StringBuilder(160).append(ALGORITHM).append('\n').append(amzDate).append('\n').append(scope)
        .append('\n').append(hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)))).toString();
  }

  /** {@code date/region/service/aws4_request}. */
  static String scope(String amzDate, String region, String service) {
    return new StringBuilder(64).append(amzDate, 0, 8).append('/').append(region).append('/').append(service)
        .append("/aws4_request").toString();
  }

  /** Task 3: the signature, with the key derived from the secret for the scope's date, region and service. */
  static String signature(String secretAccessKey, String amzDate, String region, String service,
      String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      byte[] key = hmac(mac, "AWS4".concat(secretAccessKey).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
      key = hmac(mac, key, region);
      key = hmac(mac, key, service);
      key = hmac(mac, key, "aws4_request");
      return hex(hmac(mac, key, stringToSign));
    } catch (GeneralSecurityException e) {
      // Every Java platform has HmacSHA256.
      throw new IllegalStateException("cannot compute a SigV4 signature", e);
    }
  }

  private static byte[] hmac(Mac mac, byte[] key, String data) throws GeneralSecurityException {
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no SHA-256", e); // every Java platform has it
    }
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * {@code yyyyMMdd'T'HHmmss'Z'} in UTC for years 0 to 9999, by arithmetic (the civil-from-days algorithm of
   * Howard Hinnant) rather than java.time.format, whose first use loads and initialises hundreds of classes.
   */
  static String amzDate(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000L);
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    long z = days + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    long dayOfEra = z - era * 146_097L;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    char[] out = new char[16];
    digits(out, 0, (int) year, 4);
    digits(out, 4, month, 2);
    digits(out, 6, day, 2);
    out[8] = 'T';
    digits(out, 9, secondOfDay / 3600, 2);
    digits(out, 11, secondOfDay / 60 % 60, 2);
    digits(out, 13, secondOfDay % 60, 2);
    out[15] = 'Z';
    return new String(out);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
