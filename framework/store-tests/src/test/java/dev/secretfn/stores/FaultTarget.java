package dev.secretfn.stores;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.secretfn.aws.AwsTestbed;
import dev.secretfn.gcp.GcpTestbed;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A store of {@link StoreFaultMatrixTest} and which of its services the fault hits: how it seeds its emulators, and
 * what each fault's answer says on that store (the cause, the role or permission to grant, what the message names).
 */
enum FaultTarget {
  CLOUD_KMS(true, "DB_PASS", 1, 0),
  CLOUD_STORAGE(true, "CONFIG", 1, 0),
  /** The whole object, stored gzip-compressed ({@code gcloud storage cp --gzip-local-all}). */
  CLOUD_STORAGE_GZIP(true, "CONFIG", 1, 0),
  /** {@code #password} of a JSON object stored gzip-compressed. */
  CLOUD_STORAGE_GZIP_FIELD(true, "CONFIG", 1, 0),
  BERGLAS_ON_STORAGE(true, "API_KEY", 2, 1),
  /** A Berglas object stored gzip-compressed, the fault on its Cloud Storage reads. */
  BERGLAS_GZIP_ON_STORAGE(true, "API_KEY", 2, 1),
  BERGLAS_ON_KMS(true, "API_KEY", 1, 0),
  AWS_KMS(false, "DB_PASS", 1, 0),
  S3(false, "CONFIG", 1, 0),
  /** {@code #password} of a JSON secret of AWS Secrets Manager. */
  AWS_SECRETS_MANAGER(false, "DB_PASS", 1, 0),
  /** A SecureString parameter. */
  SSM(false, "DB_PASS", 1, 0),
  /** {@code #password} of a regional Secret Manager secret, pinned ({@code gcp-sm://}). */
  SECRET_MANAGER(true, "DB_PASS", 1, 0),
  /** Berglas's {@code sm://PROJECT/SECRET}, which reads {@code latest}. */
  SECRET_MANAGER_BERGLAS(true, "API_KEY", 1, 0);

  enum Fault {
    LATENCY,
    UNAVAILABLE_BURST,
    THROTTLED_BURST,
    PERMISSION_DENIED,
    NOT_FOUND,
    RESET_BEFORE_ANSWER,
    RESET_MID_RESPONSE,
    SLOWER_THAN_DEADLINE,
    CHECKSUM_ONCE,
    CHECKSUM_ALWAYS
  }

  /** What is wrong with the stored content of a gzip-stored object. */
  enum Damage {
    /** gzip data with a flipped byte inside (the stored CRC32C and MD5 describe the damaged bytes). */
    CORRUPTED_GZIP,
    /** A few kilobytes of gzip that inflate to 16 MiB, far over the default 64 KiB limit. */
    GZIP_BOMB,
    /** Content encoding {@code br}: not decoded by secretfn (nor transcoded by Cloud Storage). */
    OTHER_ENCODING
  }

  static final Duration LATENCY = Duration.ofMillis(300);
  private static final String BERGLAS_OBJECT = "app/api-key";
  private static final String OBJECT = "app/config.json";
  static final String PARAMETER = "/app/db/password";
  private static final String SM_SECRET = "projects/secretfn-it/locations/europe-west1/secrets/db-pass";
  private static final String SM_BERGLAS_SECRET = "projects/secretfn-it/secrets/api-key";

  /** Google Cloud's emulators, or AWS's. */
  private final boolean gcp;
  final String variable;
  /** Requests one clean attempt makes to the faulted service. */
  final int requestsPerAttempt;
  /** Requests of an attempt on the faulted service before the one that carries a checksum. */
  final int requestsBeforeChecksum;

  FaultTarget(boolean gcp, String variable, int requestsPerAttempt, int requestsBeforeChecksum) {
    this.gcp = gcp;
    this.variable = variable;
    this.requestsPerAttempt = requestsPerAttempt;
    this.requestsBeforeChecksum = requestsBeforeChecksum;
  }

  /** A testbed with this store's emulators. */
  SourceTestbed start() {
    return gcp ? new GcpTestbed() : new AwsTestbed();
  }

  /** A Secret Manager read (either form). */
  boolean onSecretManager() {
    return this == SECRET_MANAGER || this == SECRET_MANAGER_BERGLAS;
  }

  /** The secret a Secret Manager target reads. */
  private String smSecret() {
    return this == SECRET_MANAGER ? SM_SECRET : SM_BERGLAS_SECRET;
  }

  boolean onKms() {
    return this == CLOUD_KMS || this == BERGLAS_ON_KMS || this == AWS_KMS;
  }

  /** A gs:// read, whose first request downloads the object (a Berglas read first asks for its metadata). */
  boolean gs() {
    return this == CLOUD_STORAGE || this == CLOUD_STORAGE_GZIP || this == CLOUD_STORAGE_GZIP_FIELD;
  }

  boolean gzip() {
    return this == CLOUD_STORAGE_GZIP || this == CLOUD_STORAGE_GZIP_FIELD || this == BERGLAS_GZIP_ON_STORAGE;
  }

  /** AWS KMS, Secrets Manager and SSM answers carry no checksum. */
  boolean checksummed() {
    return this != AWS_KMS && this != AWS_SECRETS_MANAGER && this != SSM;
  }

  /** The secret an AWS Secrets Manager target reads. */
  static final String SECRET_NAME = "prod/orders-db";

  /** Connections dropped before the answer: the JDK's HttpURLConnection resends once by itself on Google Cloud. */
  int resetsBeforeAnswer() {
    return gcp ? 2 : 1;
  }

  /** The object a Google Cloud Storage target reads. */
  String objectName() {
    return gs() ? OBJECT : BERGLAS_OBJECT;
  }

  /** The key or object the failure message names. */
  String namedInMessage() {
    switch (this) {
      case CLOUD_KMS:
        return GcpTestbed.KEY;
      case AWS_KMS:
        return "aws-kms://";
      case SSM:
        return PARAMETER;
      case S3:
        return AwsTestbed.BUCKET + "/" + OBJECT;
      case AWS_SECRETS_MANAGER:
        return "aws-sm://" + SECRET_NAME;
      case SECRET_MANAGER:
        return SM_SECRET;
      case SECRET_MANAGER_BERGLAS:
        return "sm://secretfn-it/api-key";
      default:
        return objectName();
    }
  }

  EmulatorKnobs knobs(SourceTestbed testbed) {
    if (onSecretManager()) {
      return gcp(testbed).sm.knobs();
    }
    if (gcp) {
      return onKms() ? gcp(testbed).kms.knobs() : gcp(testbed).gcs.knobs();
    }
    if (this == AWS_SECRETS_MANAGER) {
      return aws(testbed).secretsManager.knobs();
    }
    if (this == SSM) {
      return aws(testbed).ssm.knobs();
    }
    return onKms() ? aws(testbed).kms.knobs() : aws(testbed).s3.knobs();
  }

  /** The key or object a permission-denied fault denies. */
  String deniable(SourceTestbed testbed) {
    if (onSecretManager()) {
      return smSecret();
    }
    if (gcp) {
      return onKms() ? GcpTestbed.KEY : GcpTestbed.BUCKET + "/" + objectName();
    }
    if (this == AWS_SECRETS_MANAGER) {
      return aws(testbed).secretsManager.denialOf(SECRET_NAME);
    }
    if (this == SSM) {
      return SsmEmulator.arn(PARAMETER);
    }
    return onKms() ? aws(testbed).key : AwsTestbed.BUCKET + "/" + OBJECT;
  }

  /** The requests the source made to the faulted service. */
  List<RecordedRequest> requests(SourceTestbed testbed) {
    if (onSecretManager()) {
      return gcp(testbed).sm.requests();
    }
    if (gcp) {
      return onKms() ? gcp(testbed).decrypts() : gcp(testbed).gcs.requests();
    }
    if (this == AWS_SECRETS_MANAGER) {
      return aws(testbed).secretValueReads();
    }
    if (this == SSM) {
      return aws(testbed).ssm.getParametersRequests();
    }
    return onKms() ? aws(testbed).decrypts() : aws(testbed).gets();
  }

  String[] deniedCause() {
    switch (this) {
      case AWS_KMS:
      case SSM:
        return new String[] {"AccessDeniedException"};
      case S3:
        return new String[] {"403 AccessDenied"};
      case AWS_SECRETS_MANAGER:
        return new String[] {"AccessDeniedException"};
      case SECRET_MANAGER:
      case SECRET_MANAGER_BERGLAS:
        return new String[] {"PERMISSION_DENIED"};
      default:
        return new String[] {onKms() ? "PERMISSION_DENIED" : "HTTP 403"};
    }
  }

  /** The role or permission to grant, and on what. */
  String[] deniedHint() {
    switch (this) {
      case AWS_KMS:
        return new String[] {"kms:Decrypt", "function's role", "kms:EncryptionContext:LambdaFunctionName"};
      case SSM:
        return new String[] {"ssm:GetParameters", "function's role", "parameter" + PARAMETER};
      case S3:
        return new String[] {"s3:GetObject", "function's role", "s3:GetObjectVersion"};
      case AWS_SECRETS_MANAGER:
        return new String[] {"secretsmanager:GetSecretValue", "secret's ARN", "function's role", "kms:Decrypt"};
      case SECRET_MANAGER:
      case SECRET_MANAGER_BERGLAS:
        return new String[] {"roles/secretmanager.secretAccessor", "on the secret " + smSecret(),
            "not on the project"};
      default:
        return onKms()
            ? new String[] {"roles/cloudkms.cryptoKeyDecrypter", GcpTestbed.KEY}
            : new String[] {"roles/storage.objectViewer", "gs://" + GcpTestbed.BUCKET};
    }
  }

  String[] notFoundCause() {
    switch (this) {
      case AWS_KMS:
        return new String[] {"NotFoundException"};
      case S3:
        return new String[] {"404 NoSuchKey"};
      case AWS_SECRETS_MANAGER:
        return new String[] {"ResourceNotFoundException", "us-east-1"};
      case SSM:
        return new String[] {"InvalidParameters", PARAMETER};
      case SECRET_MANAGER:
      case SECRET_MANAGER_BERGLAS:
        return new String[] {"NOT_FOUND"};
      default:
        return new String[] {onKms() ? "NOT_FOUND" : "no such object"};
    }
  }

  String[] notFoundHints() {
    return gcp
        ? new String[] {"check the CryptoKey name", "upload the object", "create the secret"}
        : new String[] {"check that the key exists", "upload the object", "check the secret name",
            "create the parameter"};
  }

  /**
   * What a checksum failure says. On S3 the wording is transport-specific, a known difference: the lean transport
   * names the checksum it compared, the SDK's S3Client reports its own integrity check without naming it (its
   * exception does not say which).
   */
  String[] checksumCause(Transport transport) {
    if (gcp) {
      return new String[] {"CRC32C", "corrupted in transit"};
    }
    switch (transport) {
      case LEAN:
        return new String[] {"failed the integrity check (x-amz-checksum-crc32 mismatch: corrupted in transit)"};
      case OFFICIAL:
        return new String[] {"failed the SDK's integrity check (checksum mismatch: corrupted in transit)"};
      default:
        throw new AssertionError(transport);
    }
  }

  /** Stores what this target reads and returns the reference to it. */
  String prepare(SourceTestbed testbed, String plaintext) {
    switch (this) {
      case CLOUD_KMS:
        return "gcp-kms://" + GcpTestbed.KEY + "?ciphertext=" + gcp(testbed).encrypt(GcpTestbed.KEY, plaintext, "");
      case CLOUD_STORAGE:
        gcp(testbed).gcs.putObject(GcpTestbed.BUCKET, OBJECT, plaintext.getBytes(UTF_8));
        return "gs://" + GcpTestbed.BUCKET + "/" + OBJECT;
      case CLOUD_STORAGE_GZIP:
      case CLOUD_STORAGE_GZIP_FIELD:
      case BERGLAS_GZIP_ON_STORAGE:
        gcp(testbed).gcs.putObject(GcpTestbed.BUCKET, objectName(),
            CloudStorageEmulator.gzip(gzipContent(gcp(testbed), plaintext)), metadata(), "gzip");
        return gzipReference();
      case BERGLAS_ON_STORAGE:
      case BERGLAS_ON_KMS:
        gcp(testbed).gcs.putObject(GcpTestbed.BUCKET, BERGLAS_OBJECT,
            berglasBody(gcp(testbed), plaintext).getBytes(UTF_8), GcpTestbed.BERGLAS_METADATA);
        return "berglas://" + GcpTestbed.BUCKET + "/" + BERGLAS_OBJECT;
      case AWS_KMS:
        AwsTestbed aws = aws(testbed);
        return "aws-kms://" + aws.key + "?ciphertext=" + aws.encryptForFunction(aws.key, plaintext);
      case S3:
        aws(testbed).s3.putObject(AwsTestbed.BUCKET, OBJECT, plaintext.getBytes(UTF_8));
        return "s3://" + AwsTestbed.BUCKET + "/" + OBJECT;
      case AWS_SECRETS_MANAGER:
        aws(testbed).secretsManager.createSecret(SECRET_NAME,
            "{\"username\":\"orders\",\"password\":\"" + plaintext + "\"}");
        return "aws-sm://" + SECRET_NAME + "#password";
      case SSM:
        long version = aws(testbed).ssm.putSecureString(PARAMETER, plaintext, "alias/aws/ssm");
        return "ssm://" + PARAMETER + "?version=" + version;
      case SECRET_MANAGER:
        gcp(testbed).sm.createSecret(SM_SECRET);
        gcp(testbed).sm.addVersion(SM_SECRET, ("{\"username\":\"orders\",\"password\":\"" + plaintext + "\"}")
            .getBytes(UTF_8));
        return "gcp-sm://" + SM_SECRET + "/versions/1#password";
      case SECRET_MANAGER_BERGLAS:
        gcp(testbed).sm.createSecret(SM_BERGLAS_SECRET);
        gcp(testbed).sm.addVersion(SM_BERGLAS_SECRET, plaintext.getBytes(UTF_8));
        return "sm://secretfn-it/api-key";
      default:
        throw new AssertionError(this);
    }
  }

  /** Stores this gzip target's object with {@code damage} and returns the reference to it. */
  String storeDamaged(GcpTestbed testbed, String plaintext, Damage damage) {
    byte[] content = gzipContent(testbed, plaintext);
    switch (damage) {
      case CORRUPTED_GZIP:
        byte[] corrupted = CloudStorageEmulator.gzip(content);
        corrupted[corrupted.length / 2] ^= 0x55;
        testbed.gcs.putObject(GcpTestbed.BUCKET, objectName(), corrupted, metadata(), "gzip");
        break;
      case GZIP_BOMB:
        byte[] bomb = Arrays.copyOf(plaintext.getBytes(UTF_8), 16 * 1024 * 1024);
        testbed.gcs.putObject(GcpTestbed.BUCKET, objectName(), CloudStorageEmulator.gzip(bomb), metadata(), "gzip");
        break;
      case OTHER_ENCODING:
        testbed.gcs.putObject(GcpTestbed.BUCKET, objectName(), content, metadata(), "br");
        break;
      default:
        throw new AssertionError(damage);
    }
    return gzipReference();
  }

  private Map<String, String> metadata() {
    return gs() ? Map.of() : GcpTestbed.BERGLAS_METADATA;
  }

  private String gzipReference() {
    return this == BERGLAS_GZIP_ON_STORAGE ? "berglas://" + GcpTestbed.BUCKET + "/" + BERGLAS_OBJECT
        : "gs://" + GcpTestbed.BUCKET + "/" + OBJECT + (this == CLOUD_STORAGE_GZIP_FIELD ? "#password" : "");
  }

  /** The content a gzip target stores, before compression. */
  private byte[] gzipContent(GcpTestbed testbed, String plaintext) {
    switch (this) {
      case CLOUD_STORAGE_GZIP:
        return plaintext.getBytes(UTF_8);
      case CLOUD_STORAGE_GZIP_FIELD:
        return ("{\"username\":\"orders\",\"password\":\"" + plaintext + "\"}").getBytes(UTF_8);
      case BERGLAS_GZIP_ON_STORAGE:
        return berglasBody(testbed, plaintext).getBytes(UTF_8);
      default:
        throw new AssertionError(this);
    }
  }

  private static String berglasBody(GcpTestbed testbed, String plaintext) {
    return testbed.berglasBody(BERGLAS_OBJECT, plaintext.getBytes(UTF_8)).text();
  }

  private static GcpTestbed gcp(SourceTestbed testbed) {
    return (GcpTestbed) testbed;
  }

  private static AwsTestbed aws(SourceTestbed testbed) {
    return (AwsTestbed) testbed;
  }
}
