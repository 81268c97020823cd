package dev.secretfn.aws.ssm;

import dev.secretfn.spi.SourceException;
import java.time.Duration;
import java.util.List;

/** How the source calls {@code GetParameters}: one call, no retry. Thread-safe. */
interface SsmTransport {
  /**
   * Makes one {@code GetParameters} call with {@code WithDecryption: true}.
   *
   * @param selectors 1 to 10 selectors ({@code NAME}, {@code NAME:VERSION}, {@code NAME:LABEL}), distinct
   * @return each selector's value or its absence; the caller owns and wipes the values
   * @throws SourceException when the call as a whole failed, saying whether a retry could help
   */
  GetParametersAnswer getParameters(String region, List<String> selectors, Duration timeout)
      throws SourceException, InterruptedException;

  /** Readies the transport without a secret or the function's credentials; never throws for a failed call. */
  default void prime(Duration timeout) throws InterruptedException {}
}
