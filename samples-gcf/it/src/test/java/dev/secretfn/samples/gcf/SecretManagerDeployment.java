package dev.secretfn.samples.gcf;

import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seeds a Secret Manager emulator the way deploy/gcp/put-secret-manager-secret.sh seeds a project (a JSON secret
 * for the orders database, whose version 2 replaced version 1, and the weather API key) and returns the shipment
 * events function's environment: references only, each pinned.
 */
final class SecretManagerDeployment {
  static final String PROJECT = "secretfn-demo";
  static final String DB_SECRET = "projects/" + PROJECT + "/secrets/orders-db";
  static final String API_KEY_SECRET = "projects/" + PROJECT + "/secrets/weather-api-key";
  /** The reference forms the sample shows: a pinned JSON field by resource name, Berglas's form pinned. */
  static final String DB_USER_REF = "gcp-sm://" + DB_SECRET + "/versions/2#username";
  static final String DB_PASS_REF = "gcp-sm://" + DB_SECRET + "/versions/2#password";
  static final String API_KEY_REF = "sm://" + PROJECT + "/weather-api-key#1";

  final Map<String, String> shipments = new LinkedHashMap<>();

  SecretManagerDeployment(SecretManagerEmulator sm, UpstreamStub upstream, String dbUser, String dbPass,
      String apiKey) {
    sm.createSecret(DB_SECRET);
    // Version 1 is a password the upstream no longer accepts: reading it instead of the pinned 2 fails the call.
    sm.addVersion(DB_SECRET, json(dbUser, "superseded-password"));
    sm.addVersion(DB_SECRET, json(dbUser, dbPass));
    sm.createSecret(API_KEY_SECRET);
    sm.addVersion(API_KEY_SECRET, utf8(apiKey));
    shipments.put(GcpSettings.SECRET_MANAGER_EMULATOR_HOST, hostPort(sm));
    shipments.put("UPSTREAM_URL", upstream.url().toString());
    shipments.put("DB_USER", DB_USER_REF);
    shipments.put("DB_PASS", DB_PASS_REF);
    shipments.put("API_KEY", API_KEY_REF);
  }

  static String hostPort(SecretManagerEmulator sm) {
    return sm.endpoint().substring("http://".length());
  }

  static byte[] json(String username, String password) {
    return utf8("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
