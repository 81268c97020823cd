package dev.secretfn.stores;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.secretfn.aws.AwsTestbed;
import dev.secretfn.gcp.GcpTestbed;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.util.List;
import java.util.Map;

/**
 * A store form that can rotate under a running function, each in its unpinned form (a refreshing declaration
 * requires it), and how its emulator rotates it: what the refresh suites ({@link StoreRotationTest}, {@link
 * StoreRefreshFaultTest}) run on. Values are JSON {@code {"username": ..., "password": ...}} read as {@code
 * #password} where the store has fields, the whole value where it has not ({@code sm://}, {@code ssm://}).
 */
enum RotatingStore {
  /** Berglas's {@code sm://PROJECT/SECRET}, which reads {@code latest}; rotated by adding a version. */
  SECRET_MANAGER,
  /** {@code aws-sm://NAME#password} at AWSCURRENT; rotated as Secrets Manager rotates (AWSPENDING, then AWSCURRENT). */
  SECRETS_MANAGER,
  /** {@code gs://BUCKET/OBJECT#password}, the live generation; rotated by an upload. */
  CLOUD_STORAGE,
  /** {@code s3://BUCKET/KEY#password}, the current version; rotated by a PutObject. */
  S3,
  /** {@code ssm:///NAME}, a SecureString's current version; rotated by a new version. */
  SSM,
  /** {@code vault://secret/app/db#password} on KV version 2, the current version; rotated by a write. */
  VAULT;

  static final String SM_SECRET = "projects/secretfn-it/secrets/db-pass";
  static final String SM_REFERENCE = "sm://secretfn-it/db-pass";
  static final String SECRET_NAME = "prod/orders-db";
  static final String OBJECT = "app/config.json";
  static final String PARAMETER = "/app/db/password";
  static final String VAULT_PATH = "secret/app/db";

  /** Whether the store has an official-client transport to run on too (Vault has only its own). */
  boolean hasOfficialTransport() {
    return this != VAULT;
  }

  /** A testbed with this store's emulators. */
  SourceTestbed start() {
    switch (this) {
      case SECRET_MANAGER:
      case CLOUD_STORAGE:
        return new GcpTestbed();
      case VAULT:
        return new VaultTestbed();
      default:
        return new AwsTestbed();
    }
  }

  /** Stores {@code password} and returns the unpinned reference to it. */
  String prepare(SourceTestbed testbed, String password) {
    switch (this) {
      case SECRET_MANAGER:
        gcp(testbed).sm.createSecret(SM_SECRET);
        break;
      case SECRETS_MANAGER:
        aws(testbed).secretsManager.createSecret(SECRET_NAME, json(password));
        return reference();
      default:
        break;
    }
    rotate(testbed, password);
    return reference();
  }

  /** The reference a variable holds: it names no version, so it reads whatever the store serves now. */
  String reference() {
    switch (this) {
      case SECRET_MANAGER:
        return SM_REFERENCE;
      case SECRETS_MANAGER:
        return "aws-sm://" + SECRET_NAME + "#password";
      case CLOUD_STORAGE:
        return "gs://" + GcpTestbed.BUCKET + "/" + OBJECT + "#password";
      case S3:
        return "s3://" + AwsTestbed.BUCKET + "/" + OBJECT + "#password";
      case SSM:
        return "ssm://" + PARAMETER;
      case VAULT:
        return "vault://" + VAULT_PATH + "#password";
      default:
        throw new AssertionError(this);
    }
  }

  /** Rotates the stored value to {@code password}, as the store's own rotation or an upload does. */
  void rotate(SourceTestbed testbed, String password) {
    switch (this) {
      case SECRET_MANAGER:
        gcp(testbed).sm.addVersion(SM_SECRET, password.getBytes(UTF_8));
        break;
      case SECRETS_MANAGER:
        aws(testbed).secretsManager.rotate(SECRET_NAME, json(password));
        break;
      case CLOUD_STORAGE:
        gcp(testbed).gcs.putObject(GcpTestbed.BUCKET, OBJECT, json(password).getBytes(UTF_8));
        break;
      case S3:
        aws(testbed).s3.putObject(AwsTestbed.BUCKET, OBJECT, json(password).getBytes(UTF_8));
        break;
      case SSM:
        aws(testbed).ssm.putSecureString(PARAMETER, password, "alias/aws/ssm");
        break;
      case VAULT:
        ((VaultTestbed) testbed).vault.put(VAULT_PATH, Map.of("username", "orders", "password", password));
        break;
      default:
        throw new AssertionError(this);
    }
  }

  EmulatorKnobs knobs(SourceTestbed testbed) {
    switch (this) {
      case SECRET_MANAGER:
        return gcp(testbed).sm.knobs();
      case SECRETS_MANAGER:
        return aws(testbed).secretsManager.knobs();
      case CLOUD_STORAGE:
        return gcp(testbed).gcs.knobs();
      case S3:
        return aws(testbed).s3.knobs();
      case SSM:
        return aws(testbed).ssm.knobs();
      case VAULT:
        return ((VaultTestbed) testbed).vault.knobs();
      default:
        throw new AssertionError(this);
    }
  }

  /** The requests that read the value (Vault's logins and mount lookups left out). */
  List<RecordedRequest> valueReads(SourceTestbed testbed) {
    switch (this) {
      case SECRET_MANAGER:
        return gcp(testbed).sm.requests();
      case SECRETS_MANAGER:
        return aws(testbed).secretValueReads();
      case CLOUD_STORAGE:
        return gcp(testbed).mediaReads();
      case S3:
        return aws(testbed).gets();
      case SSM:
        return aws(testbed).ssm.getParametersRequests();
      case VAULT:
        return ((VaultTestbed) testbed).kvReads();
      default:
        throw new AssertionError(this);
    }
  }

  /** The resource a permission-denied fault denies, as the emulator's {@code deny} knob names it. */
  String deniable(SourceTestbed testbed) {
    switch (this) {
      case SECRET_MANAGER:
        return SM_SECRET;
      case SECRETS_MANAGER:
        return aws(testbed).secretsManager.denialOf(SECRET_NAME);
      case CLOUD_STORAGE:
        return GcpTestbed.BUCKET + "/" + OBJECT;
      case S3:
        return AwsTestbed.BUCKET + "/" + OBJECT;
      case SSM:
        return SsmEmulator.arn(PARAMETER);
      case VAULT:
        return "secret/data/app/db";
      default:
        throw new AssertionError(this);
    }
  }

  /** What a failure message names as the thing read. */
  String namedInMessage() {
    switch (this) {
      case SECRET_MANAGER:
        return SM_REFERENCE;
      case SECRETS_MANAGER:
        return "aws-sm://" + SECRET_NAME;
      case SSM:
        return PARAMETER;
      case VAULT:
        return VAULT_PATH;
      default:
        return OBJECT;
    }
  }

  private static String json(String password) {
    return "{\"username\":\"orders\",\"password\":\"" + password + "\"}";
  }

  private static GcpTestbed gcp(SourceTestbed testbed) {
    return (GcpTestbed) testbed;
  }

  private static AwsTestbed aws(SourceTestbed testbed) {
    return (AwsTestbed) testbed;
  }
}
