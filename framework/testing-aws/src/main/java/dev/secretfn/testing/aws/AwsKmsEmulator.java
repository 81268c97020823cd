package dev.secretfn.testing.aws;

import dev.secretfn.testing.emulator.EmulatedCiphertext;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.util.List;
import java.util.Map;

/**
 * An AWS KMS emulator that speaks the AWS JSON 1.1 protocol of {@code kms.<region>.amazonaws.com} for symmetric
 * {@code Encrypt} and {@code Decrypt}, with real AES-256-GCM, on 127.0.0.1 and an ephemeral port. For tests and
 * the local launcher only; never part of a function.
 *
 * <p>The AWS SDK v2 client is used unchanged, with only its endpoint overridden (requests are not authenticated
 * unless {@link #requireSignatures} says otherwise, so any credentials do):
 *
 * <pre>{@code
 * try (AwsKmsEmulator kms = AwsKmsEmulator.start()) {
 *   String keyArn = kms.createKey();
 *   byte[] blob = kms.encrypt(keyArn, "s3cret".getBytes(UTF_8), Map.of("LambdaFunctionName", "fn"));
 *   KmsClient client = KmsClient.builder()
 *       .endpointOverride(URI.create(kms.endpoint()))
 *       .region(Region.US_EAST_1)
 *       .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "secret")))
 *       .httpClient(UrlConnectionHttpClient.create())
 *       .build();
 *   client.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob))
 *       .encryptionContext(Map.of("LambdaFunctionName", "fn")));   // "s3cret", no KeyId needed
 * }
 * }</pre>
 *
 * <p>Served: {@code POST /} with {@code X-Amz-Target: TrentService.Encrypt} or {@code TrentService.Decrypt} and
 * a JSON body ({@code {"KeyId", "Plaintext", "EncryptionContext"}} and {@code {"CiphertextBlob",
 * "EncryptionContext", "KeyId"?, "EncryptionAlgorithm"?}}, bytes in base64). Answers carry {@code
 * Content-Type: application/x-amz-json-1.1} and {@code x-amzn-RequestId}. Errors are AWS JSON errors: status
 * 400 (500 for internal errors) and {@code {"__type": "InvalidCiphertextException", "message": ...}}, with the
 * code in the {@code x-amzn-ErrorType} header too (the SDK reads the header first, then {@code __type}).
 *
 * <p>Keys live in region {@code us-east-1} of account {@code 111122223333}; a KeyId is a key id (a UUID) or a key
 * ARN, aliases are not served. The ciphertext blob is an {@link EmulatedCiphertext} whose key id is the key's
 * 16-byte UUID, so like real KMS it identifies its key and Decrypt needs no KeyId. The encryption context is its
 * additional authenticated data, in a canonical form (entries sorted by key, each key and value as a 4-byte big-endian length and UTF-8 bytes,
 * after a 4-byte count), so the order of the context's entries does not matter and a missing, extra or changed
 * entry fails. A blob is valid only under the emulator instance that made it.
 *
 * <p>Decrypt failures: a tampered or truncated blob, another context, or a blob of a key this emulator does not
 * hold answer {@code InvalidCiphertextException}; a KeyId naming another key of this emulator answers {@code
 * IncorrectKeyException}; a KeyId naming no key answers {@code NotFoundException}.
 *
 * <p>Thread-safe. {@link #close()} stops the server at once; it is needed, because the server's dispatcher
 * thread is not a daemon thread.
 *
 * <h2>WARNING</h2>
 * Keys live in this object's memory and are served to anyone who can reach 127.0.0.1, without
 * authentication: an emulator protects nothing.
 */
public final class AwsKmsEmulator implements AutoCloseable {
  private final AwsKmsApi api;
  private final HttpEmulator http;

  private AwsKmsEmulator() {
    this.api = new AwsKmsApi(this::server); // the API reads the server only once it serves
    this.http = HttpEmulator.start("aws-kms-emulator", api);
  }

  /** Starts an emulator on 127.0.0.1 and a free port, with no keys. */
  public static AwsKmsEmulator start() {
    return new AwsKmsEmulator();
  }

  /** The URL to give the client as its endpoint override, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return http.endpoint();
  }

  /**
   * Creates a symmetric key (ENCRYPT_DECRYPT, SYMMETRIC_DEFAULT) with fresh random AES-256 material and returns
   * its ARN, {@code arn:aws:kms:us-east-1:111122223333:key/<uuid>}.
   */
  public String createKey() {
    return api.createKey();
  }

  /**
   * Encrypts {@code plaintext} under {@code keyId} (key id or key ARN) with {@code encryptionContext} exactly as
   * the server's {@code Encrypt} would, so that tests can prepare ciphertext blobs without a client, as the
   * Lambda console's encryption helpers do with {@code {"LambdaFunctionName": <name>}}.
   *
   * @throws IllegalArgumentException if the key was not created with {@link #createKey}, or the plaintext is
   *     empty or longer than 4096 bytes
   */
  public byte[] encrypt(String keyId, byte[] plaintext, Map<String, String> encryptionContext) {
    return api.encrypt(keyId, plaintext, encryptionContext);
  }

  /**
   * From now on, answers only requests signed (SigV4, service {@code kms}, any region) with this key or another
   * key passed here, as AWS KMS does: an unsigned request gets {@code MissingAuthenticationTokenException}, an
   * unknown access key id {@code UnrecognizedClientException}, a wrong signature {@code
   * InvalidSignatureException}, all with status 400. Until the first call, requests are not authenticated.
   */
  public void requireSignatures(String accessKeyId, String secretAccessKey) {
    api.requireSignatures(accessKeyId, secretAccessKey);
  }

  /**
   * The knobs for latency and faults of this emulator. {@link EmulatorKnobs#deny} takes key ARN prefixes and
   * answers {@code AccessDeniedException}; for a Decrypt without KeyId it applies to the key the blob names.
   * {@link EmulatorKnobs#corruptNextChecksum} has no effect (AWS KMS answers carry no checksum). {@link
   * EmulatorKnobs#failNext} answers, for each status, the error real KMS uses for it:
   *
   * <table>
   *   <caption>failNext status → answer</caption>
   *   <tr><th>status</th><th>HTTP</th><th>{@code __type}</th></tr>
   *   <tr><td>400</td><td>400</td><td>ValidationException</td></tr>
   *   <tr><td>401</td><td>400</td><td>UnrecognizedClientException</td></tr>
   *   <tr><td>403</td><td>400</td><td>AccessDeniedException</td></tr>
   *   <tr><td>404</td><td>400</td><td>NotFoundException</td></tr>
   *   <tr><td>409</td><td>400</td><td>ConflictException</td></tr>
   *   <tr><td>412</td><td>400</td><td>KMSInvalidStateException</td></tr>
   *   <tr><td>429</td><td>400</td><td>ThrottlingException (KMS throttles with 400, not 429)</td></tr>
   *   <tr><td>500</td><td>500</td><td>KMSInternalException</td></tr>
   *   <tr><td>501</td><td>400</td><td>UnsupportedOperationException</td></tr>
   *   <tr><td>503</td><td>503</td><td>ServiceUnavailableException</td></tr>
   *   <tr><td>504</td><td>500</td><td>DependencyTimeoutException</td></tr>
   * </table>
   */
  public EmulatorKnobs knobs() {
    return http.knobs();
  }

  /** Every request received so far, oldest first, including those a knob failed or dropped. */
  public List<RecordedRequest> requests() {
    return http.requests();
  }

  /** Stops the server at once and releases its threads; idempotent. */
  @Override
  public void close() {
    http.close();
  }

  private HttpEmulator server() {
    return http;
  }

  @Override
  public String toString() {
    return "AwsKmsEmulator[" + endpoint() + ", " + api.keyCount() + " keys]";
  }
}
