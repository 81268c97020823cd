package dev.secretfn.testing.aws;

import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An AWS Secrets Manager emulator that speaks the AWS JSON 1.1 protocol of {@code
 * secretsmanager.<region>.amazonaws.com} for {@code GetSecretValue}, on 127.0.0.1 and an ephemeral port. For tests
 * and the local launcher only; never part of a function.
 *
 * <pre>{@code
 * try (SecretsManagerEmulator sm = SecretsManagerEmulator.start()) {
 *   String arn = sm.createSecret("prod/db", "{\"username\":\"app\",\"password\":\"s3cret\"}");
 *   String next = sm.putSecretValue("prod/db", "{...}", "AWSPENDING");   // rotation, step 1
 *   sm.moveLabel("prod/db", "AWSCURRENT", next);                         // step 2: the old one is AWSPREVIOUS
 * }
 * }</pre>
 *
 * <p>Served: {@code POST /} with {@code X-Amz-Target: secretsmanager.GetSecretValue} and {@code {"SecretId",
 * "VersionId"?, "VersionStage"?}}; the answer is {@code {"ARN", "Name", "VersionId", "SecretString" | "SecretBinary"
 * (base64), "VersionStages", "CreatedDate"}} with {@code Content-Type: application/x-amz-json-1.1}. A SecretId is a
 * name or a complete ARN ({@code arn:aws:secretsmanager:REGION:111122223333:secret:NAME-XXXXXX}) of this emulator's
 * region; without VersionId or VersionStage the version labelled {@code AWSCURRENT} is read. Errors are AWS JSON
 * errors, status 400 (500 InternalServiceError, 503) with {@code {"__type", "Message"}} and the code in {@code
 * x-amzn-ErrorType}: ResourceNotFoundException (no secret, version or label), AccessDeniedException (the deny
 * knob), DecryptionFailure ({@link #makeUndecryptable}), InvalidRequestException (a secret {@link
 * #scheduleDeletion scheduled for deletion}), InvalidParameterException (lengths out of range).
 *
 * <p>Thread-safe. {@link #close()} stops the server at once.
 *
 * <h2>WARNING</h2>
 * Secrets live in this object's memory and are served to anyone who can reach 127.0.0.1: an emulator protects
 * nothing.
 */
public final class SecretsManagerEmulator implements AutoCloseable {
  /** The label of the version read by default, which {@link #putSecretValue(String, String)} moves. */
  public static final String CURRENT = SecretsManagerApi.CURRENT;
  /** The label the version that held {@link #CURRENT} gets when it moves. */
  public static final String PREVIOUS = SecretsManagerApi.PREVIOUS;
  /** The label of a version a rotation is preparing. */
  public static final String PENDING = "AWSPENDING";

  private final SecretsManagerApi api;
  private final HttpEmulator http;

  private SecretsManagerEmulator(String region) {
    this.api = new SecretsManagerApi(region, this::server); // the API reads the server only once it serves
    this.http = HttpEmulator.start("secretsmanager-emulator", api);
  }

  /** Starts an emulator of region {@code us-east-1} on 127.0.0.1 and a free port, with no secrets. */
  public static SecretsManagerEmulator start() {
    return start("us-east-1");
  }

  /** Starts an emulator of {@code region}: its ARNs name it, and signed requests must be scoped to it. */
  public static SecretsManagerEmulator start(String region) {
    return new SecretsManagerEmulator(Objects.requireNonNull(region, "region"));
  }

  /** The URL to give the client as its endpoint override, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return http.endpoint();
  }

  public String region() {
    return api.region();
  }

  /** Creates a secret whose first version (AWSCURRENT) holds {@code secretString}; returns its complete ARN. */
  public String createSecret(String name, String secretString) {
    return api.create(name, secretString.getBytes(StandardCharsets.UTF_8), false);
  }

  /** Creates a secret whose first version (AWSCURRENT) holds {@code secretBinary}; returns its complete ARN. */
  public String createBinarySecret(String name, byte[] secretBinary) {
    return api.create(name, secretBinary, true);
  }

  /**
   * Adds a version labelled AWSCURRENT, as PutSecretValue does: the version that held it becomes AWSPREVIOUS.
   *
   * @return the new version's id
   */
  public String putSecretValue(String name, String secretString) {
    return putSecretValue(name, secretString, CURRENT);
  }

  /** Adds a version with {@code labels} only (AWSPENDING in a rotation, or custom labels); returns its id. */
  public String putSecretValue(String name, String secretString, String... labels) {
    return api.put(name, secretString.getBytes(StandardCharsets.UTF_8), false, labels(labels));
  }

  /** Adds a binary version labelled AWSCURRENT; returns its id. */
  public String putSecretBinary(String name, byte[] secretBinary) {
    return api.put(name, secretBinary, true, Set.of(CURRENT));
  }

  /**
   * Moves a staging label to a version, as UpdateSecretVersionStage does: moving AWSCURRENT labels the version it
   * leaves AWSPREVIOUS (the end of a rotation).
   */
  public void moveLabel(String name, String label, String versionId) {
    api.moveLabel(name, label, versionId);
  }

  /**
   * Rotates the secret as Secrets Manager's rotation does, in its two visible steps: adds a version holding {@code
   * secretString} under AWSPENDING (createSecret), then moves AWSCURRENT to it (finishSecret), so the version that
   * was current becomes AWSPREVIOUS; AWSPENDING stays on the new current version, as after a finished rotation.
   * Safe to call while the emulator serves: each step is atomic, so a read sees the old current value or the new
   * one, whole, and every read that begins after this returns sees the new one.
   *
   * @return the new version's id
   */
  public String rotate(String name, String secretString) {
    String next = putSecretValue(name, secretString, PENDING);
    moveLabel(name, CURRENT, next);
    return next;
  }

  /** The id of the version holding {@code label}, if one does. */
  public Optional<String> versionWithLabel(String name, String label) {
    return api.versionWithLabel(name, label);
  }

  /** Records a customer-managed KMS key as the secret's key (named in DecryptionFailure messages). */
  public void useKmsKey(String name, String keyArn) {
    api.kmsKey(name, keyArn);
  }

  /** Makes reads of the secret fail with DecryptionFailure, as when its KMS key is disabled or denied. */
  public void makeUndecryptable(String name) {
    api.undecryptable(name, true);
  }

  /** Marks the secret for deletion, as DeleteSecret with a recovery window does: reads fail. */
  public void scheduleDeletion(String name) {
    api.scheduleDeletion(name, true);
  }

  /** Cancels a scheduled deletion, as RestoreSecret does. */
  public void restoreSecret(String name) {
    api.scheduleDeletion(name, false);
  }

  /**
   * From now on, answers only requests signed (SigV4, service {@code secretsmanager}, scoped to this emulator's
   * region) with this key or another passed here: an unsigned request gets {@code
   * MissingAuthenticationTokenException}, an unknown access key {@code UnrecognizedClientException}, a wrong
   * signature or another region's scope {@code InvalidSignatureException}.
   */
  public void requireSignatures(String accessKeyId, String secretAccessKey) {
    api.requireSignatures(accessKeyId, secretAccessKey);
  }

  /**
   * The knobs for latency and faults. {@link EmulatorKnobs#deny} takes secret ARN prefixes ({@code
   * arn:aws:secretsmanager:REGION:111122223333:secret:NAME} denies the secret NAME) and answers
   * AccessDeniedException. {@link EmulatorKnobs#corruptNextChecksum} has no effect (no checksum in the answers).
   * {@link EmulatorKnobs#failNext} answers, for each status:
   *
   * <table>
   *   <caption>failNext status → answer</caption>
   *   <tr><th>status</th><th>HTTP</th><th>{@code __type}</th></tr>
   *   <tr><td>400</td><td>400</td><td>InvalidParameterException</td></tr>
   *   <tr><td>401</td><td>400</td><td>UnrecognizedClientException</td></tr>
   *   <tr><td>403</td><td>400</td><td>AccessDeniedException</td></tr>
   *   <tr><td>404</td><td>400</td><td>ResourceNotFoundException</td></tr>
   *   <tr><td>409</td><td>400</td><td>InvalidRequestException (marked for deletion)</td></tr>
   *   <tr><td>412</td><td>400</td><td>DecryptionFailure</td></tr>
   *   <tr><td>429</td><td>400</td><td>ThrottlingException</td></tr>
   *   <tr><td>500, 504</td><td>500</td><td>InternalServiceError</td></tr>
   *   <tr><td>501</td><td>400</td><td>UnknownOperationException</td></tr>
   *   <tr><td>503</td><td>503</td><td>ServiceUnavailable</td></tr>
   * </table>
   */
  public EmulatorKnobs knobs() {
    return http.knobs();
  }

  /** The ARN prefix that {@link EmulatorKnobs#deny} takes to deny secret {@code name}. */
  public String denialOf(String name) {
    return "arn:aws:secretsmanager:" + region() + ":" + SecretsManagerApi.ACCOUNT + ":secret:" + name;
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

  private static Set<String> labels(String... labels) {
    if (labels.length == 0) {
      throw new IllegalArgumentException("give at least one staging label");
    }
    return new LinkedHashSet<>(List.of(labels));
  }

  @Override
  public String toString() {
    return "SecretsManagerEmulator[" + endpoint() + ", " + region() + ", " + api.secretCount() + " secrets]";
  }
}
