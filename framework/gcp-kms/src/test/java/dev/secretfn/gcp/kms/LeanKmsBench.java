package dev.secretfn.gcp.kms;

import dev.secretfn.Step;
import dev.secretfn.gcp.kms.internal.CloudKmsDecrypter;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A Cloud KMS emulator with one key, and the lean transport pointed at it without credentials. */
final class LeanKmsBench implements AutoCloseable {
  static final String KEY = "projects/secretfn-lean/locations/global/keyRings/lean/cryptoKeys/secrets";
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  final CloudKmsEmulator kms = CloudKmsEmulator.start();
  final LeanCloudKmsTransport transport = new LeanCloudKmsTransport(URI.create(kms.endpoint()), Optional.empty());
  final CloudKmsDecrypter decrypter = new CloudKmsDecrypter(() -> transport);

  LeanKmsBench() {
    kms.createKey(KEY);
  }

  byte[] encrypt(String plaintext, String additionalData) {
    return kms.encrypt(KEY, utf8(plaintext), utf8(additionalData));
  }

  /** Decrypts through the decrypter and the lean transport, without additional data. */
  byte[] decrypt(byte[] ciphertext) throws SourceException, InterruptedException {
    return decrypter.decrypt(KEY, ciphertext, new byte[0], TIMEOUT, Step.DECRYPT);
  }

  /** The one failure of a decrypt that must fail. */
  SourceException failure(byte[] ciphertext) throws InterruptedException {
    try {
      decrypt(ciphertext);
    } catch (SourceException e) {
      return e;
    }
    throw new AssertionError("the decrypt succeeded");
  }

  List<RecordedRequest> requests() {
    return kms.requests();
  }

  RecordedRequest onlyRequest() {
    List<RecordedRequest> requests = kms.requests();
    if (requests.size() != 1) {
      throw new AssertionError("expected one request, got " + requests);
    }
    return requests.get(0);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    kms.close();
  }
}
