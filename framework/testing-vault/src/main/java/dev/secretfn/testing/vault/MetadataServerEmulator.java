package dev.secretfn.testing.vault;

import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stand-in for the Google metadata server's identity endpoint, on 127.0.0.1 and an ephemeral port: {@code GET
 * /computeMetadata/v1/instance/service-accounts/default/identity?audience=AUD[&format=full]} with header {@code
 * Metadata-Flavor: Google} answers an RS256-signed JWT for the configured service account, signed with a key
 * pair made at start ({@link #publicKey()}, which {@link VaultEmulator#trustGoogleSigner} takes). Point secretfn
 * at it with {@code GCE_METADATA_HOST=127.0.0.1:PORT} ({@link #hostPort()}).
 *
 * <p>Claims: {@code iss} {@code https://accounts.google.com}, {@code aud}, {@code azp} and {@code sub} (a fixed
 * numeric id), {@code email} and {@code email_verified}, {@code iat}, {@code exp} (one hour), as Google's tokens
 * carry them. Without {@code Metadata-Flavor: Google} it answers 403, without {@code audience} 400, like the real
 * server. {@link EmulatorKnobs#deny} takes the service account's email.
 *
 * <h2>WARNING</h2>
 * Anyone who can reach 127.0.0.1 can get tokens from it: an emulator protects nothing.
 */
public final class MetadataServerEmulator implements AutoCloseable {
  private static final String IDENTITY = "/computeMetadata/v1/instance/service-accounts/default/identity";
  private static final String SUBJECT = "104458930457421853871";

  private final String serviceAccount;
  private final KeyPair keys;
  private final Clock clock;
  private final HttpEmulator http;

  private MetadataServerEmulator(String serviceAccount, Clock clock) {
    this.serviceAccount = serviceAccount;
    this.clock = clock;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      this.keys = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    this.http = HttpEmulator.start("metadata-server-emulator", new Api());
  }

  /** Starts a metadata server whose default service account is {@code serviceAccount} (an email). */
  public static MetadataServerEmulator start(String serviceAccount) {
    return new MetadataServerEmulator(Objects.requireNonNull(serviceAccount, "serviceAccount"), Clock.systemUTC());
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return http.endpoint();
  }

  /** {@code 127.0.0.1:PORT}, the form {@code GCE_METADATA_HOST} takes. */
  public String hostPort() {
    return "127.0.0.1:" + http.port();
  }

  /** The key that verifies the tokens this server issues. */
  public PublicKey publicKey() {
    return keys.getPublic();
  }

  public String serviceAccount() {
    return serviceAccount;
  }

  /** Faults and latency; {@link EmulatorKnobs#deny} denies the service account's email (403). */
  public EmulatorKnobs knobs() {
    return http.knobs();
  }

  public List<RecordedRequest> requests() {
    return http.requests();
  }

  /** Issues a token as the endpoint does; for tests of Vault's login checks. */
  public String identityToken(String audience) {
    long now = clock.instant().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", audience);
    claims.put("azp", SUBJECT);
    claims.put("email", serviceAccount);
    claims.put("email_verified", true);
    claims.put("exp", now + 3600);
    claims.put("iat", now);
    claims.put("iss", "https://accounts.google.com");
    claims.put("sub", SUBJECT);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("kid", "secretfn-emulator");
    header.put("typ", "JWT");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput = b64.encodeToString(Json.write(header).getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(keys.getPrivate());
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    http.close();
  }

  private final class Api implements HttpEmulator.Service {
    @Override
    public Reply serve(RecordedRequest request) {
      if (!request.method().equals("GET") || !request.path().equals(IDENTITY)) {
        return text(404, "Not Found");
      }
      if (!request.header("Metadata-Flavor").orElse("").equals("Google")) {
        return text(403, "Missing Metadata-Flavor:Google header.");
      }
      if (http.denies(serviceAccount)) {
        return text(403, "Forbidden");
      }
      String audience = request.queryParameter("audience").orElse("");
      if (audience.isEmpty()) {
        return text(400, "non-empty audience parameter required");
      }
      return Reply.bytes(200, "text/html", identityToken(audience).getBytes(StandardCharsets.US_ASCII))
          .header("Metadata-Flavor", "Google");
    }

    @Override
    public Reply failure(RecordedRequest request, int httpStatus) {
      return text(httpStatus, "emulated failure " + httpStatus);
    }

    private Reply text(int status, String message) {
      return Reply.bytes(status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8))
          .header("Metadata-Flavor", "Google");
    }
  }
}
