package dev.secretfn.testing.gcp;

import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import dev.secretfn.testing.emulator.VersionedObjects.Version;
import dev.secretfn.testing.gcp.CloudStorageApi.ApiError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The content download of {@link CloudStorageApi} ({@code alt=media}): the {@code x-goog-*} headers, a single
 * byte range, and decompressive transcoding of gzip-stored objects, as {@link CloudStorageEmulator} describes
 * them. Stateless.
 */
final class CloudStorageMedia {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  private CloudStorageMedia() {}

  /** The content of {@code object} as the download answers {@code request}; {@code http} for the checksum knob. */
  static Reply reply(RecordedRequest request, Version object, HttpEmulator http) throws ApiError {
    byte[] stored = object.content();
    long crc = object.crc32c();
    byte[] body = stored;
    String contentEncoding = object.contentEncoding().orElse(null);
    // Decompressive transcoding: a gzip-stored object, to a request that does not accept gzip. Bytes that are
    // not gzip after all are served as stored (what the real service does with them is not documented).
    Optional<byte[]> transcoded = "gzip".equalsIgnoreCase(contentEncoding) && !acceptsGzip(request)
        ? gunzip(stored) : Optional.empty();
    if (transcoded.isPresent()) {
      body = transcoded.get();
    }
    int status = 200;
    String contentRange = null;
    Optional<String> range = transcoded.isPresent() ? Optional.empty() : request.header("Range");
    if (range.isPresent()) {
      Matcher m = RANGE.matcher(range.get().trim());
      // Anything but one byte range (e.g. several ranges) is ignored, as RFC 9110 allows: the whole content.
      if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
        long size = stored.length;
        long first;
        long last;
        if (m.group(1).isEmpty()) {
          long suffix = Long.parseLong(m.group(2));
          first = Math.max(0, size - suffix);
          last = size - 1;
        } else {
          first = Long.parseLong(m.group(1));
          last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        }
        if (first >= size || last < first) {
          throw new ApiError(416, "requestedRangeNotSatisfiable", "Request range not satisfiable");
        }
        body = Arrays.copyOfRange(stored, (int) first, (int) last + 1);
        status = 206;
        contentRange = "bytes " + first + "-" + last + "/" + size;
      }
    }
    if (http.takeChecksumCorruption()) {
      crc = Checksums.corrupt(crc);
    }
    Reply reply = Reply.bytes(status, object.contentType(), body)
        .header("X-Goog-Generation", object.id())
        .header("X-Goog-Metageneration", String.valueOf(CloudStorageApi.METAGENERATION))
        .header("X-Goog-Hash", "crc32c=" + Checksums.crc32cBase64(crc) + ",md5="
            + CloudStorageApi.md5Base64(object))
        .header("X-Goog-Stored-Content-Length", String.valueOf(stored.length))
        .header("X-Goog-Stored-Content-Encoding", contentEncoding == null ? "identity" : contentEncoding)
        .header("X-Goog-Storage-Class", "STANDARD")
        .header("ETag", "\"" + CloudStorageApi.etag(object) + "\"")
        .header("Last-Modified",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(object.created().atOffset(ZoneOffset.UTC)))
        .header("Accept-Ranges", "bytes");
    if (contentRange != null) {
      reply.header("Content-Range", contentRange);
    }
    if (transcoded.isPresent()) {
      reply.chunked().header("Warning", "214 UploadServer gunzipped")
          .header("X-Guploader-Response-Body-Transformations", "gunzipped");
    } else if (contentEncoding != null) {
      reply.header("Content-Encoding", contentEncoding);
    }
    return reply;
  }

  /** Whether an {@code Accept-Encoding} header of the request lists gzip (with a non-zero weight). */
  private static boolean acceptsGzip(RecordedRequest request) {
    for (String header : request.headers().getOrDefault("Accept-Encoding", List.of())) {
      for (String coding : header.split(",")) {
        String[] parts = coding.split(";");
        if (parts[0].trim().equalsIgnoreCase("gzip")
            && !(parts.length > 1 && parts[1].trim().matches("(?i)q\\s*=\\s*0(\\.0*)?"))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The decompressed content, or empty when {@code stored} is not valid gzip. */
  private static Optional<byte[]> gunzip(byte[] stored) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
      return Optional.of(in.readAllBytes());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
