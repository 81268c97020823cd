package dev.secretfn.testing.aws;

import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An SSM Parameter Store emulator that speaks the AWS JSON 1.1 protocol of {@code ssm.<region>.amazonaws.com} for
 * {@code GetParameters}, on 127.0.0.1 and an ephemeral port. For tests and the local launcher only; never part of a
 * function.
 *
 * <pre>{@code
 * try (SsmEmulator ssm = SsmEmulator.start()) {
 *   ssm.putSecureString("/app/db/password", "s3cret", "alias/aws/ssm");   // version 1
 *   ssm.labelParameterVersion("/app/db/password", 1, "prod");
 *   // POST / with X-Amz-Target: AmazonSSM.GetParameters and {"Names":["/app/db/password:prod"],"WithDecryption":true}
 * }
 * }</pre>
 *
 * <p>Served: {@code POST /} with {@code X-Amz-Target: AmazonSSM.GetParameters} and {@code {"Names": [...],
 * "WithDecryption": bool}}, each name {@code NAME}, {@code NAME:VERSION} or {@code NAME:LABEL}. The answer is
 * {@code {"InvalidParameters": [names as asked], "Parameters": [{"Name", "Type", "Value", "Version", "Selector"?,
 * "LastModifiedDate", "ARN", "DataType"}]}}, where {@code Name} is the name without its selector and {@code
 * Selector} is the selector as asked with its colon ({@code ":3"}, {@code ":prod"}). A SecureString without
 * {@code WithDecryption} answers its sealed value in base64. More than 10 names answer {@code ValidationException};
 * a name whose ARN is denied ({@link EmulatorKnobs#deny}) fails the whole call with {@code AccessDeniedException},
 * as IAM does; a SecureString under a key denied with {@link #denyKey} fails it with {@code AccessDeniedException}
 * naming {@code kms:Decrypt} (Service: AWSKMS). Errors carry {@code __type}, {@code message} and {@code
 * x-amzn-ErrorType}.
 *
 * <p>Parameters live in region {@code us-east-1} of account {@code 111122223333}: ARNs are {@code
 * arn:aws:ssm:us-east-1:111122223333:parameter/app/db/password} (hierarchical) and {@code ...:parameter/name}.
 * Thread-safe; {@link #close()} stops the server.
 *
 * <h2>WARNING</h2>
 * Values live in this object's memory and are served to anyone who can reach 127.0.0.1: an emulator protects
 * nothing.
 */
public final class SsmEmulator implements AutoCloseable {
  /** The operation's {@code X-Amz-Target}. */
  public static final String GET_PARAMETERS = "AmazonSSM.GetParameters";

  private final SsmApi api;
  private final HttpEmulator http;

  private SsmEmulator() {
    this.api = new SsmApi(this::server);
    this.http = HttpEmulator.start("ssm-emulator", api);
  }

  /** Starts an emulator on 127.0.0.1 and a free port, with no parameters. */
  public static SsmEmulator start() {
    return new SsmEmulator();
  }

  /** The endpoint, {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return http.endpoint();
  }

  /**
   * Adds a version of a {@code String} or {@code StringList} parameter (creating it at version 1). It becomes the
   * current version, which rotates reads without {@code :VERSION}: safe to call while the emulator serves, a read
   * answers the old version or the new one, whole.
   *
   * @param type {@code String} or {@code StringList}; {@code SecureString} goes through {@link #putSecureString}
   * @return the new version's number
   */
  public long putParameter(String name, String type, String value) {
    if (type.equals("SecureString")) {
      return putSecureString(name, value, SsmApi.DEFAULT_KEY);
    }
    return api.put(name, type, value, null);
  }

  /** Adds a version of a {@code SecureString} parameter encrypted under {@code keyId} (any id, ARN or alias). */
  public long putSecureString(String name, String value, String keyId) {
    return api.put(name, "SecureString", value, keyId);
  }

  /**
   * Attaches {@code label} to {@code version} of {@code name}, moving it from another version if needed, in one
   * step: a read of {@code NAME:LABEL} while the label moves answers the old version or the new one.
   */
  public void labelParameterVersion(String name, long version, String label) {
    api.label(name, version, label);
  }

  /** The parameter's ARN in this emulator. */
  public static String arn(String name) {
    return SsmApi.arn(name);
  }

  /** Refuses {@code kms:Decrypt} for SecureStrings under keys starting with {@code keyIdPrefix}. */
  public void denyKey(String keyIdPrefix) {
    api.denyKey(keyIdPrefix);
  }

  /**
   * From now on, answers only requests signed (SigV4, service {@code ssm}) with this key or another passed here;
   * refusals are AWS's ({@code MissingAuthenticationTokenException}, {@code UnrecognizedClientException}, {@code
   * InvalidSignatureException}).
   */
  public void requireSignatures(String accessKeyId, String secretAccessKey) {
    api.requireSignatures(accessKeyId, secretAccessKey);
  }

  /**
   * The knobs. {@link EmulatorKnobs#deny} takes parameter ARN prefixes. {@link EmulatorKnobs#corruptNextChecksum}
   * has no effect (SSM answers carry no checksum). {@link EmulatorKnobs#failNext} answers: 400 ValidationException;
   * 401 UnrecognizedClientException (400); 403 AccessDeniedException (400); 404 a 200 answer listing every name
   * asked in InvalidParameters (GetParameters has no not-found error); 409 and 412 InvalidKeyId (400); 429
   * ThrottlingException (400); 501 UnsupportedOperationException (400); 503 ServiceUnavailableException (503);
   * 500 and 504 InternalServerError (500).
   */
  public EmulatorKnobs knobs() {
    return http.knobs();
  }

  /** Every request received so far, oldest first, including those a knob failed or dropped. */
  public List<RecordedRequest> requests() {
    return http.requests();
  }

  /** The GetParameters requests received so far. */
  public List<RecordedRequest> getParametersRequests() {
    return requests().stream().filter(r -> r.header("X-Amz-Target").orElse("").equals(GET_PARAMETERS))
        .collect(Collectors.toList());
  }

  @Override
  public void close() {
    http.close();
  }

  private HttpEmulator server() {
    return http;
  }

  @Override
  public String toString() {
    return "SsmEmulator[" + endpoint() + ", " + api.parameterCount() + " parameters]";
  }
}
