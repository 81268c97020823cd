package ${package};

import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seeds the Cloud KMS and Cloud Storage emulators as deploy/README.md seeds a project (a key, the API key encrypted
 * with it, the signing key in a JSON object) and gives the function's environment: the variables of deploy/env.yaml,
 * holding a ciphertext and a reference only, plus the emulators' addresses.
 */
final class DemoDeployment {
  static final String KEY = "projects/demo/locations/global/keyRings/functions/cryptoKeys/secrets";
  static final String BUCKET = "demo-secrets";
  static final String OBJECT = "${artifactId}/keys.json";

  private DemoDeployment() {}

  static Map<String, String> seed(CloudKmsEmulator kms, CloudStorageEmulator gcs, String apiKey, String signingKey) {
    kms.createKey(KEY);
    String ciphertext = Base64.getEncoder().encodeToString(kms.encrypt(KEY, utf8(apiKey), new byte[0]));
    long generation = gcs.putObject(BUCKET, OBJECT, utf8("{\"signingKey\":\"" + signingKey + "\"}"));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SECRETFN_GCP_KMS_EMULATOR_HOST", kms.endpoint().substring("http://".length()));
    env.put("SECRETFN_GCP_STORAGE_EMULATOR_HOST", gcs.endpoint().substring("http://".length()));
    env.put("API_KEY", ciphertext);
    env.put("KMS_CRYPTO_KEY_ID", KEY);
    env.put("SIGNING_KEY", "gs://" + BUCKET + "/" + OBJECT + "?generation=" + generation + "#signingKey");
    return env;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
