package dev.secretfn.testing.aws;

import dev.secretfn.testing.emulator.RecordedRequest;
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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a SigV4 {@code Authorization} header as an AWS JSON service or S3 does: recomputes the canonical request
 * from the method, the path as sent (S3's rule; the JSON services' path is {@code /}), query, signed headers and
 * body (for S3, the hash its {@code x-amz-content-sha256} states), derives the signing key from the secret key, and compares
 * signatures (real HMAC-SHA256). Written from the SigV4 specification, independently of the SDK's signer that
 * the clients under test use. Refusals carry the error code AWS answers with.
 */
final class SigV4Check {
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request,\\s*"
          + "SignedHeaders=([a-z0-9;-]+),\\s*Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** A request the service would refuse: AWS's error code and a short reason. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final String code;

    Refused(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private SigV4Check() {}

  /**
   * Checks that {@code request} is signed for {@code service} with one of {@code secretKeys} (by access key id).
   *
   * @return the region of the credential scope
   */
  static String verify(RecordedRequest request, String service, Map<String, String> secretKeys, Instant now)
      throws Refused {
    Map<String, String> lower = new TreeMap<>();
    request.headers().forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
    String authorization = lower.get("authorization");
    if (authorization == null) {
      throw new Refused("MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    Matcher m = AUTHORIZATION.matcher(authorization);
    if (!m.matches()) {
      throw new Refused("IncompleteSignatureException", "The Authorization header is not a SigV4 signature.");
    }
    String day = m.group(2);
    String region = m.group(3);
    String[] signedHeaders = m.group(5).split(";");
    if (!m.group(4).equals(service)) {
      throw new Refused("InvalidSignatureException", "Credential should be scoped to correct service: '" + service
          + "'.");
    }
    String amzDate = lower.get("x-amz-date");
    if (amzDate == null) {
      throw new Refused("IncompleteSignatureException", "X-Amz-Date is missing.");
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw new Refused("IncompleteSignatureException", "X-Amz-Date is not yyyyMMddTHHmmssZ.");
    }
    if (Duration.between(signedAt, now).abs().compareTo(Duration.ofMinutes(15)) > 0 || !amzDate.startsWith(day)) {
      throw new Refused("InvalidSignatureException", "Signature expired or dated unlike its credential scope.");
    }
    String secret = secretKeys.get(m.group(1));
    if (secret == null) {
      throw new Refused("UnrecognizedClientException", "The security token included in the request is invalid.");
    }
    if (!List.of(signedHeaders).contains("host")) {
      throw new Refused("InvalidSignatureException", "The host header must be signed.");
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signedHeaders) {
      String value = lower.get(name);
      if (value == null) {
        throw new Refused("InvalidSignatureException", "Signed header " + name + " is missing.");
      }
      canonicalHeaders.append(name).append(':').append(value.trim().replaceAll(" +", " ")).append('\n');
    }
    // S3 signs the hash its x-amz-content-sha256 header states (or UNSIGNED-PAYLOAD, a streaming marker), and
    // checks that header against the body apart; the JSON services hash the body.
    String payloadHash = service.equals("s3") && lower.containsKey("x-amz-content-sha256")
        ? lower.get("x-amz-content-sha256") : hex(sha256(request.body()));
    String canonicalRequest = request.method() + "\n" + request.path() + "\n" + canonicalQuery(request.query())
        + "\n" + canonicalHeaders + "\n" + m.group(5) + "\n" + payloadHash;
    String scope = day + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String expected = hex(hmac(key, stringToSign));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        m.group(6).getBytes(StandardCharsets.US_ASCII))) {
      throw new Refused("InvalidSignatureException", "The request signature we calculated does not match the"
          + " signature you provided. Check your AWS Secret Access Key and signing method.");
    }
    return region;
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery.isEmpty()) {
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
