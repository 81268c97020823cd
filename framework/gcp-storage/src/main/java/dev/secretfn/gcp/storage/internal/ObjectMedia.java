package dev.secretfn.gcp.storage.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * Not an API: the bytes of a media download as received, with what the answer declared about them. The bytes may
 * be a secret: whoever holds this owns them and must {@link #wipe} them; {@link #toString()} shows their number
 * only.
 */
public final class ObjectMedia {
  private final byte[] bytes;
  private final MediaHeaders headers;

  private ObjectMedia(byte[] bytes, MediaHeaders headers) {
    this.bytes = bytes;
    this.headers = headers;
  }

  /** Takes {@code bytes} over, without a copy. */
  public static ObjectMedia of(byte[] bytes, MediaHeaders headers) {
    return new ObjectMedia(Objects.requireNonNull(bytes, "bytes"), Objects.requireNonNull(headers, "headers"));
  }

  /** The bytes themselves, not a copy. */
  public byte[] bytes() {
    return bytes;
  }

  public MediaHeaders headers() {
    return headers;
  }

  public void wipe() {
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public String toString() {
    return "ObjectMedia[" + bytes.length + " bytes]";
  }
}
