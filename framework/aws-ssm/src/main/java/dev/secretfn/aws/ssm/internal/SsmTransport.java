package dev.secretfn.aws.ssm.internal;

import dev.secretfn.spi.SourceException;
import java.time.Duration;
import java.util.List;

/**
 * Not an API: how the SSM Parameter Store store calls {@code GetParameters}: one call, no retry. The lean transport
 * of this module (the AWS JSON 1.1 API over the JDK's {@code HttpURLConnection}, signed with the project's SigV4
 * signer) is the default; {@code secretfn-aws-ssm-client}'s {@code SsmClientTransportModule} binds the SDK's {@code
 * SsmClient} instead. Both turn Parameter Store's answers into the same {@link SourceException}s ({@link
 * SsmErrors}) and the same {@link GetParametersAnswer}s, so the source batches identically on either. Thread-safe;
 * may change in any release.
 */
public interface SsmTransport {
  /**
   * Makes one {@code GetParameters} call with {@code WithDecryption: true}.
   *
   * @param selectors 1 to 10 selectors ({@code NAME}, {@code NAME:VERSION}, {@code NAME:LABEL}), distinct
   * @param region the region to call, already checked
   * @param timeout what is left of the start-up deadline: the call ends within it
   * @return each selector's value or its absence; the caller owns and wipes the values
   * @throws SourceException when the call as a whole failed, saying whether a retry could help
   * @throws InterruptedException when interrupted (the start-up deadline passed)
   */
  GetParametersAnswer getParameters(String region, List<String> selectors, Duration timeout)
      throws SourceException, InterruptedException;

  /**
   * Readies the transport for a fast first call without a secret or the function's credentials (see {@code
   * SecretSource#prime}). Never throws for a failed call. Does nothing by default.
   */
  default void prime(Duration timeout) throws InterruptedException {}
}
