package dev.secretfn.aws.secretsmanager.internal;

import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.spi.SourceException;
import java.util.Locale;

/**
 * Not an API: AWS Secrets Manager's error answers to {@code GetSecretValue}, as {@link SourceException}s that say
 * whether a retry can help and what to fix, the same for the lean transport and the SDK's client. Messages name the
 * secret, the region and the error code; never a value. AWS's own message is kept in the cause only, but read to
 * tell a deleted secret from other invalid requests.
 */
public final class SecretsManagerErrors {
  private SecretsManagerErrors() {}

  /**
   * @param code the error code without namespace; empty when the answer had none
   * @param awsMessage AWS's message (never a secret value), to recognise a secret marked for deletion
   * @param secret the secret as messages name it
   * @param cause kept for stack traces
   */
  public static SourceException of(String code, int status, String awsMessage, String secret, String region,
      Throwable cause) {
    String what = "AWS Secrets Manager answered " + status + (code.isEmpty() ? "" : " " + code) + " for " + secret
        + " in " + region;
    switch (code) {
      case "ResourceNotFoundException":
        return SourceException.permanent(Step.FETCH, what + ": no such secret, version or staging label")
            .withCause(cause).withHint("check the secret name (or ARN) and its region (" + region + "), and that"
                + " the versionId or versionStage exists: aws secretsmanager describe-secret --secret-id NAME"
                + " --region " + region);
      case "AccessDeniedException":
        return SourceException.permanent(Step.FETCH, what).withCause(cause).withHint("allow"
            + " secretsmanager:GetSecretValue on the secret's ARN to the function's role, and kms:Decrypt on the"
            + " secret's KMS key when it is a customer-managed key (condition kms:ViaService"
            + " secretsmanager." + region + ".amazonaws.com)");
      case "DecryptionFailure":
        return SourceException.permanent(Step.DECRYPT, what + ": Secrets Manager could not decrypt the secret"
            + " with its KMS key").withCause(cause).withHint("check that the secret's KMS key is enabled and that"
            + " its key policy lets the function's role use it (kms:Decrypt via secretsmanager." + region
            + ".amazonaws.com)");
      case "InvalidRequestException":
        if (aboutDeletion(awsMessage)) {
          return SourceException.permanent(Step.FETCH, what + ": the secret is deleted or scheduled for deletion")
              .withCause(cause).withHint("restore it (aws secretsmanager restore-secret --secret-id NAME --region "
                  + region + ") or point the variable at another secret");
        }
        return SourceException.permanent(Step.FETCH, what).withCause(cause).withHint("check that the secret is"
            + " not deleted or scheduled for deletion (aws secretsmanager describe-secret --secret-id NAME)");
      case "InvalidParameterException":
        return SourceException.permanent(Step.FETCH, what + ": a parameter of the request is invalid")
            .withCause(cause).withHint("check the reference's secret name or ARN, versionId and versionStage");
      case "InternalServiceError":
        return SourceException.retryable(Step.FETCH, what).withCause(cause);
      default:
        if (AwsErrors.isThrottling(code, status) || status >= 500) {
          return SourceException.retryable(Step.FETCH, what).withCause(cause);
        }
        return SourceException.permanent(Step.FETCH, what).withCause(cause);
    }
  }

  /** The secret value is over the size limit: permanent, at {@link Step#DECODE}. */
  public static SourceException tooLarge(String secret, int maxBytes) {
    return SourceException.permanent(Step.DECODE, "the value of " + secret + " is larger than the " + maxBytes
        + "-byte limit").withHint("store only the secret in it, or raise AwsSettings.maxObjectBytes");
  }

  /**
   * A success answer that is not a GetSecretValue answer (damaged in transit, or not Secrets Manager): retryable,
   * at {@link Step#FETCH}.
   *
   * @param why what is wrong with it, without quoting it
   */
  public static SourceException notAnAnswer(int status, String secret, String why) {
    return SourceException.retryable(Step.FETCH, "AWS Secrets Manager answered " + status + " for " + secret
        + " with a body that is not a GetSecretValue answer (" + why + ")");
  }

  /** "You can't perform this operation on the secret because it was marked for deletion." */
  private static boolean aboutDeletion(String awsMessage) {
    String lower = awsMessage.toLowerCase(Locale.ROOT);
    return lower.contains("deletion") || lower.contains("deleted");
  }
}
