package dev.secretfn.testing.vault;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a SigV4-signed request as STS does for the {@code GetCallerIdentity} call that Vault forwards:
 * recomputes the canonical request from the method, URL, signed headers and body, derives the signing key
 * from the secret key, and compares signatures (real HMAC-SHA256). Written from the SigV4 specification; the
 * side under test signs with the AWS SDK's signer, so the two are independent.
 */
final class SigV4Check {
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request,\\s*"
          + "SignedHeaders=([a-z0-9;-]+),\\s*Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** What the signature says about the signer, once verified. */
  static final class Signer {
    final String accessKeyId;
    final String region;

    Signer(String accessKeyId, String region) {
      this.accessKeyId = accessKeyId;
      this.region = region;
    }
  }

  /** Thrown for a request STS would refuse; the message is STS's error code and a short reason. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** Secret keys by access key id. */
  interface Keys {
    Optional<String> secretKey(String accessKeyId);
  }

  private SigV4Check() {}

  static Signer verify(String method, URI url, Map<String, List<String>> headers, byte[] body, Keys keys,
      Instant now) throws Refused {
    Map<String, String> lower = new TreeMap<>();
    headers.forEach((name, values) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
    lower.putIfAbsent("host", url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort());
    String authorization = lower.get("authorization");
    if (authorization == null) {
      throw new Refused("MissingAuthenticationToken: Request is missing Authentication Token");
    }
    Matcher m = AUTHORIZATION.matcher(authorization);
    if (!m.matches()) {
      throw new Refused("IncompleteSignature: the Authorization header is not a SigV4 signature");
    }
    String accessKeyId = m.group(1);
    String day = m.group(2);
    String region = m.group(3);
    String service = m.group(4);
    String[] signedHeaders = m.group(5).split(";");
    if (!service.equals("sts")) {
      throw new Refused("SignatureDoesNotMatch: credential scope names service " + service + ", not sts");
    }
    String amzDate = lower.get("x-amz-date");
    if (amzDate == null) {
      throw new Refused("IncompleteSignature: X-Amz-Date is missing");
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw new Refused("IncompleteSignature: X-Amz-Date is not yyyyMMddTHHmmssZ");
    }
    if (Duration.between(signedAt, now).abs().compareTo(Duration.ofMinutes(15)) > 0) {
      throw new Refused("SignatureDoesNotMatch: Signature expired");
    }
    if (!amzDate.startsWith(day)) {
      throw new Refused("SignatureDoesNotMatch: credential scope date differs from X-Amz-Date");
    }
    String secret = keys.secretKey(accessKeyId)
        .orElseThrow(() -> new Refused("InvalidClientTokenId: The security token included in the request is invalid."));
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signedHeaders) {
      String value = lower.get(name);
      if (value == null) {
        throw new Refused("SignatureDoesNotMatch: signed header " + name + " is missing");
      }
      canonicalHeaders.append(name).append(':').append(value.trim().replaceAll(" +", " ")).append('\n');
    }
    if (!List.of(signedHeaders).contains("host")) {
      throw new Refused("SignatureDoesNotMatch: the host header must be signed");
    }
    String payloadHash = lower.getOrDefault("x-amz-content-sha256", hex(sha256(body)));
    if (!payloadHash.equals(hex(sha256(body)))) {
      throw new Refused("SignatureDoesNotMatch: x-amz-content-sha256 does not match the body");
    }
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String canonicalRequest = method + "\n" + path + "\n" + canonicalQuery(url.getRawQuery()) + "\n"
        + canonicalHeaders + "\n" + m.group(5) + "\n" + payloadHash;
    String scope = day + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String expected = hex(hmac(key, stringToSign));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), m.group(6).getBytes(StandardCharsets.US_ASCII))) {
      throw new Refused("SignatureDoesNotMatch: The request signature we calculated does not match the signature"
          + " you provided.");
    }
    return new Signer(accessKeyId, region);
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      sorted.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
    }
    StringBuilder out = new StringBuilder();
    sorted.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(k).append('=').append(v));
    return out.toString();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
