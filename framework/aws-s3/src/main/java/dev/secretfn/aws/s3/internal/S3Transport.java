package dev.secretfn.aws.s3.internal;

import dev.secretfn.aws.s3.S3Object;
import dev.secretfn.spi.SourceException;
import java.time.Duration;

/**
 * Not an API: how the S3 source reads an object, over the lean transport (S3's REST API on the JDK's
 * HttpURLConnection, the default) or over the AWS SDK's S3 client ({@code secretfn-aws-s3-client}). Thread-safe;
 * built on the first fetch.
 */
public interface S3Transport {
  /**
   * Reads {@code object} (its bucket, key and version; its field is the resolver's business) in one attempt,
   * never reading more than {@code maxBytes + 1} bytes of the answer (the lean transport reads up to 8 KiB when
   * the limit is smaller, room for S3's XML error answers).
   *
   * @return the content, which the caller wipes
   * @throws SourceException when the read failed: S3's error answer ({@link S3Errors#of}), the content over
   *     {@code maxBytes} ({@link S3Errors#tooLarge}), a transport failure or a content cut short or damaged in
   *     transit (retryable)
   * @throws InterruptedException when the thread was interrupted (the start-up deadline passed)
   */
  byte[] getObject(S3Object object, int maxBytes, Duration timeout) throws SourceException, InterruptedException;

  /**
   * Readies the transport for a fast first read without reading anything or touching credentials (see {@code
   * SecretSource#prime}). Must not throw for a failed call; does nothing by default.
   */
  default void prime(Duration timeout) throws InterruptedException {}
}
