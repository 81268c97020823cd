package dev.secretfn.gcp.kms.client;

import dev.secretfn.testing.gcp.CloudKmsEmulator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Not a test: a Cloud KMS emulator in its own JVM for {@link ColdDecrypt}, so that the measured JVM loads none
 * of the emulator's classes. Prints the emulator host and a {@code gcp-kms://} reference, then serves until its
 * standard input closes.
 */
final class KmsEmulatorMain {
  private KmsEmulatorMain() {}

  public static void main(String[] args) throws Exception {
    String key = "projects/secretfn-measure/locations/global/keyRings/r/cryptoKeys/k";
    try (CloudKmsEmulator kms = CloudKmsEmulator.start()) {
      kms.createKey(key);
      byte[] ciphertext = kms.encrypt(key, "measured-secret".getBytes(StandardCharsets.UTF_8), new byte[0]);
      System.out.println("HOST=" + kms.endpoint().substring("http://".length()));
      System.out.println("REF=gcp-kms://" + key + "?ciphertext=" + Base64.getEncoder().encodeToString(ciphertext));
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the launcher closes our input
      }
    }
  }
}
