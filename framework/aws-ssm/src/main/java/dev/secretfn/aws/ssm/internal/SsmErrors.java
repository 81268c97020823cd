package dev.secretfn.aws.ssm.internal;

import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.ssm.SsmParameter;
import dev.secretfn.spi.SourceException;
import java.util.List;

/**
 * Not an API: Parameter Store's answers as {@link SourceException}s with their fixes, the same for the lean
 * transport and the official client (which passes the code, status and message of its {@code
 * AwsServiceException}). Messages name the parameters and the error code, never a value.
 */
public final class SsmErrors {
  private SsmErrors() {}

  /**
   * An error answer to a {@code GetParameters} call for {@code selectors}.
   *
   * @param code the error code without namespace; empty if the answer had none
   * @param message AWS's message (names resources, never values), used only to tell a KMS refusal apart
   */
  public static SourceException of(String code, int status, String message, List<String> selectors, String region,
      Throwable cause) {
    String what = "SSM GetParameters answered " + status + (code.isEmpty() ? "" : " " + code) + " for "
        + describe(selectors) + " in " + region;
    boolean kms = message.contains("kms:") || message.contains("AWSKMS") || code.startsWith("KMS");
    if (code.equals("AccessDeniedException") && kms) {
      return SourceException.permanent(Step.DECRYPT, what + ": the SecureString's KMS key refused to decrypt it")
          .withCause(cause).withHint(KMS_HINT);
    }
    if (code.equals("InvalidKeyId") || (code.startsWith("KMS") && status < 500 && !code.contains("Internal"))) {
      return SourceException.permanent(Step.DECRYPT, what + ": the SecureString's KMS key cannot decrypt it")
          .withCause(cause).withHint("check that the parameter's KMS key exists and is enabled; " + KMS_HINT);
    }
    switch (code) {
      case "AccessDeniedException":
        return SourceException.permanent(Step.FETCH, what).withCause(cause).withHint(accessHint(selectors, region));
      case "ParameterNotFound":
      case "ParameterVersionNotFound":
        return SourceException.permanent(Step.FETCH, what).withCause(cause).withHint(notFoundHint(region));
      case "UnrecognizedClientException":
      case "InvalidSignatureException":
      case "IncompleteSignatureException":
      case "MissingAuthenticationTokenException":
      case "ExpiredTokenException":
        return SourceException.permanent(Step.FETCH, what).withCause(cause)
            .withHint("check the function's AWS credentials (its execution role)");
      default:
        if (AwsErrors.isThrottling(code, status) || status >= 500 || code.equals("InternalServerError")) {
          return SourceException.retryable(Step.FETCH, what).withCause(cause);
        }
        return SourceException.permanent(Step.FETCH, what).withCause(cause);
    }
  }

  /** A selector Parameter Store listed among its InvalidParameters. */
  public static SourceException invalid(SsmParameter parameter, String region) {
    String what = parameter.version().isPresent()
        ? "version " + parameter.version().getAsLong() + " of parameter " + parameter.name()
        : parameter.label().map(l -> "label " + l + " of parameter " + parameter.name())
            .orElse("parameter " + parameter.name());
    return SourceException.permanent(Step.FETCH, "SSM GetParameters listed " + parameter.selector()
        + " among its InvalidParameters: no " + what + " in " + region
        + (parameter.name().equals(parameter.selector()) ? "" : " (or no such parameter)"))
        .withHint(notFoundHint(region));
  }

  private static final String KMS_HINT = "allow kms:Decrypt on the parameter's KMS key to the function's role"
      + " (conditioned on kms:ViaService ssm.REGION.amazonaws.com); the AWS managed key alias/aws/ssm needs no grant";

  private static String accessHint(List<String> selectors, String region) {
    String name = selectors.size() == 1 ? nameOf(selectors.get(0)) : "NAME";
    return "allow ssm:GetParameters on arn:aws:ssm:" + region + ":ACCOUNT:parameter" + (name.startsWith("/") ? ""
        : "/") + name + " to the function's role (and kms:Decrypt on the key of a SecureString)";
  }

  private static String notFoundHint(String region) {
    return "create the parameter (aws ssm put-parameter --type SecureString --region " + region + "), or check"
        + " its name, version or label (aws ssm get-parameter-history --name NAME)";
  }

  /** {@code /a/b:3} is {@code /a/b}: names have no ':'. */
  private static String nameOf(String selector) {
    int colon = selector.indexOf(':');
    return colon < 0 ? selector : selector.substring(0, colon);
  }

  /** What a failed exchange for {@code selectors} names: the selector of one, the count of several. */
  public static String resource(List<String> selectors) {
    return selectors.size() == 1 ? selectors.get(0) : selectors.size() + " parameters";
  }

  /** One selector as it is; a batch's, shortened when long (names run to 1011 characters). */
  private static String describe(List<String> selectors) {
    if (selectors.size() == 1) {
      return selectors.get(0);
    }
    String joined = String.join(", ", selectors);
    return selectors.size() + " parameters (" + (joined.length() <= 300 ? joined : joined.substring(0, 300) + "...")
        + ")";
  }
}
