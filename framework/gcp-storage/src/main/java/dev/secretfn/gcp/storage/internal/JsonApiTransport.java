package dev.secretfn.gcp.storage.internal;

import dagger.Lazy;
import dev.secretfn.Step;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.internal.GoogleAuth;
import dev.secretfn.internal.HttpExchange;
import dev.secretfn.internal.JsonFields;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The lean transport: Cloud Storage's JSON API over {@link HttpExchange} (the JDK's {@code HttpURLConnection}),
 * with the credentials of {@link GoogleAuth}, or none when an emulator endpoint is set.
 *
 * <ul>
 *   <li>Metadata: {@code GET /storage/v1/b/{bucket}/o/{object}[?generation=N]}, the object resource as JSON.
 *   <li>Content: {@code GET /download/storage/v1/b/{bucket}/o/{object}?alt=media[&generation=N]} (the resource's
 *       {@code mediaLink}, and what google-cloud-storage sends), with {@code Range: bytes=0-{limit}}, so an
 *       oversized object costs one bounded answer, and {@code Accept-Encoding: gzip}, which turns Cloud Storage's
 *       decompressive transcoding off: an object stored gzip-compressed arrives as stored, which is what its
 *       {@code x-goog-hash} describes.
 * </ul>
 * Object names are percent-encoded as UTF-8, every byte but the unreserved characters ({@code /} as {@code %2F}).
 * Redirects are not followed and a body cut short fails (see {@link HttpExchange}).
 */
final class JsonApiTransport implements CloudStorageTransport {
  static final URI DEFAULT_ENDPOINT = URI.create("https://storage.googleapis.com");
  private static final System.Logger LOG = System.getLogger("dev.secretfn");
  /** An object resource is small: custom metadata is limited to 8 KiB. */
  private static final int MAX_METADATA_BYTES = 256 * 1024;
  /**
   * The least a content read accepts: an error answer (a JSON error of a few hundred bytes) must fit under a tiny
   * object limit too. Content past the limit is still refused; the Range header keeps it from being sent.
   */
  private static final int MIN_ANSWER_BYTES = 8 * 1024;
  /** A bucket no one can own (names may not start with "goog"): priming reads nothing of anyone's. */
  static final String PRIME_BUCKET = "goog-secretfn-prime";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final URI endpoint;
  private final boolean emulator;
  private final Lazy<GoogleAuth> auth;

  @Inject
  JsonApiTransport(GcpConfig config, Lazy<GoogleAuth> auth) {
    Optional<URI> override = config.storageEndpoint();
    if (override.isPresent()) {
      LOG.log(Level.WARNING, "secretfn: Cloud Storage endpoint overridden to " + override.get()
          + " (local emulator; no credentials sent)");
    }
    this.endpoint = override.orElse(DEFAULT_ENDPOINT);
    this.emulator = override.isPresent();
    this.auth = auth;
  }

  /** Where requests go: Cloud Storage, or the emulator of an override. */
  URI endpoint() {
    return endpoint;
  }

  @Override
  public Optional<ObjectMetadata> metadata(String bucket, String object, OptionalLong generation,
      String described, Duration timeout) throws SourceException, InterruptedException {
    URI uri = objectUri("/storage/v1/b/", bucket, object, generation.isPresent()
        ? "?generation=" + generation.getAsLong() : "");
    HttpExchange.Response response;
    try {
      response = exchange(uri, Map.of(), MAX_METADATA_BYTES, described, timeout);
    } catch (HttpExchange.BodyTooLargeException e) {
      throw SourceException.retryable(Step.FETCH, "Cloud Storage's answer for " + described
          + " is not the object resource of its JSON API (larger than " + MAX_METADATA_BYTES + " bytes)");
    }
    try {
      if (response.status() == 404) {
        return Optional.empty();
      }
      if (response.status() != 200) {
        throw failed(response, described);
      }
      return Optional.of(parseMetadata(response.body(), described));
    } finally {
      response.wipe();
    }
  }

  @Override
  public ObjectMedia media(String bucket, String object, OptionalLong generation, int maxBytes, String described,
      Duration timeout) throws SourceException, InterruptedException {
    URI uri = objectUri("/download/storage/v1/b/", bucket, object, "?alt=media"
        + (generation.isPresent() ? "&generation=" + generation.getAsLong() : ""));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept-Encoding", "gzip");
    headers.put("Range", "bytes=0-" + maxBytes);
    HttpExchange.Response response;
    try {
      response = exchange(uri, headers, Math.max(maxBytes + 1, MIN_ANSWER_BYTES), described, timeout);
    } catch (HttpExchange.BodyTooLargeException e) {
      // Only when the service ignored the range: the bytes were not kept, nor what encoding they had.
      throw StorageErrors.tooLarge(described, maxBytes, Optional.empty());
    }
    int status = response.status();
    if (status == 416) {
      // The range starts past the end: the object is empty (google-cloud-storage reads it so too).
      response.wipe();
      return ObjectMedia.of(new byte[0], MediaHeaders.NOTHING);
    }
    if (status != 200 && status != 206) {
      try {
        throw failed(response, described);
      } finally {
        response.wipe();
      }
    }
    return ObjectMedia.of(response.body(), MediaHeaders.of(response.headers("x-goog-hash"),
        response.header("Content-Encoding").orElse(null),
        response.header("x-goog-stored-content-encoding").orElse(null)));
  }

  /**
   * Sends the metadata request of an object that cannot exist, without credentials, and ignores the answer: the
   * connection (TLS included), the exchange and the error parsing are then loaded and warm.
   */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    URI uri = objectUri("/storage/v1/b/", PRIME_BUCKET, "secretfn/prime", "");
    try {
      HttpExchange.Response response = HttpExchange.exchange(
          "GET", uri, Map.of(), null, timeout.dividedBy(2), MIN_ANSWER_BYTES);
      try {
        StorageErrors.answered(response.status(), GoogleJsonError.reason(response.body()), "gs://prime",
            Step.FETCH, null);
      } finally {
        response.wipe();
      }
    } catch (IOException | RuntimeException e) {
      // The point was the path, not the answer.
    }
  }

  private HttpExchange.Response exchange(URI uri, Map<String, String> headers, int maxBody, String described,
      Duration timeout) throws SourceException, InterruptedException, HttpExchange.BodyTooLargeException {
    long deadline = System.nanoTime() + Math.max(1, timeout.toNanos());
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (!emulator) {
      all.putAll(auth.get().headers(uri, timeout));
    }
    try {
      return HttpExchange.exchange("GET", uri, all, null, Duration.ofNanos(deadline - System.nanoTime()), maxBody);
    } catch (HttpExchange.BodyTooLargeException e) {
      throw e;
    } catch (IOException e) {
      // No (whole) answer: what google-cloud-storage reports as code 0, so the failure reads the same.
      throw StorageErrors.answered(0, Optional.empty(), described, Step.FETCH, e);
    }
  }

  private static SourceException failed(HttpExchange.Response response, String described)
      throws InterruptedException {
    return StorageErrors.answered(response.status(), GoogleJsonError.reason(response.body()), described,
        Step.FETCH, null);
  }

  /** The fields a source uses of an object resource; generation and size are int64s, which JSON carries as strings. */
  private static ObjectMetadata parseMetadata(byte[] json, String described) throws SourceException {
    try {
      long generation = Long.parseLong(text(JsonFields.select(json, "generation")));
      OptionalLong size = optionalString(json, "size").map(s -> OptionalLong.of(Long.parseLong(s)))
          .orElse(OptionalLong.empty());
      Optional<String> contentEncoding = optionalString(json, "contentEncoding");
      Optional<byte[]> custom = optionalMember(json, "metadata");
      return ObjectMetadata.of(generation, size, contentEncoding,
          key -> custom.flatMap(c -> optionalString(c, key)));
    } catch (JsonFields.JsonShapeException | NumberFormatException e) {
      throw SourceException.retryable(Step.FETCH, "Cloud Storage's answer for " + described
          + " is not the object resource of its JSON API (" + e.getMessage() + ")");
    }
  }

  /** A string member, empty when absent or not a string (custom metadata values are always strings). */
  private static Optional<String> optionalString(byte[] json, String field) {
    try {
      return Optional.of(text(JsonFields.select(json, field)));
    } catch (JsonFields.JsonShapeException e) {
      return Optional.empty();
    }
  }

  /** An object member as JSON text, empty when absent or null. */
  private static Optional<byte[]> optionalMember(byte[] json, String field) {
    try {
      byte[] member = JsonFields.member(json, field);
      return member.length > 0 && member[0] == '{' ? Optional.of(member) : Optional.empty();
    } catch (JsonFields.JsonShapeException e) {
      return Optional.empty();
    }
  }

  private static String text(byte[] utf8) {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  private URI objectUri(String api, String bucket, String object, String query) {
    return URI.create(endpoint.toString().replaceAll("/+$", "") + api + bucket + "/o/" + encode(object) + query);
  }

  /** Every byte of the UTF-8 name but the unreserved characters {@code A-Z a-z 0-9 - . _ ~} as %XX. */
  static String encode(String name) {
    StringBuilder out = new StringBuilder(name.length() + 16);
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "JsonApiTransport[" + endpoint + "]";
  }
}
