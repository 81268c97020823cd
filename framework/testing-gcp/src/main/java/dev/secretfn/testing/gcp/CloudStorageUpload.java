package dev.secretfn.testing.gcp;

import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.Json.MalformedJsonException;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.VersionedObjects.Content;
import dev.secretfn.testing.gcp.CloudStorageApi.ApiError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An upload to {@link CloudStorageApi}, parsed: the object name and what to store, from {@code
 * uploadType=media} (the body, named by the query) or {@code uploadType=multipart} ({@code multipart/related}:
 * the JSON resource, then the content). Immutable.
 */
final class CloudStorageUpload {
  /** The object name, not yet validated. */
  final String name;
  final Content content;

  private CloudStorageUpload(String name, Content content) {
    this.name = name;
    this.content = content;
  }

  /** Parses {@code request}; {@code defaultContentType} when a media upload names none. */
  static CloudStorageUpload parse(RecordedRequest request, String defaultContentType) throws ApiError {
    String uploadType = request.queryParameter("uploadType").orElse("");
    String name;
    byte[] content;
    String contentType;
    String contentEncoding;
    Map<String, String> metadata = new LinkedHashMap<>();
    if (uploadType.equals("media")) {
      name = request.queryParameter("name")
          .orElseThrow(() -> new ApiError(400, "required", "Required parameter: name"));
      content = entity(request);
      contentType = request.header("Content-Type").orElse(defaultContentType);
      contentEncoding = request.queryParameter("contentEncoding").orElse(null);
    } else if (uploadType.equals("multipart")) {
      MultipartRelated parts;
      try {
        parts = MultipartRelated.parse(request.header("Content-Type").orElse(""), entity(request));
      } catch (MultipartRelated.MalformedMultipartException e) {
        throw new ApiError(400, "invalid", "Invalid multipart request: " + e.getMessage());
      }
      Map<String, Object> resource;
      try {
        resource = Json.parseObject(new String(parts.metadata(), StandardCharsets.UTF_8));
      } catch (MalformedJsonException e) {
        throw new ApiError(400, "parseError", "Parse Error");
      }
      Object jsonName = resource.get("name");
      name = jsonName instanceof String ? (String) jsonName : request.queryParameter("name")
          .orElseThrow(() -> new ApiError(400, "required", "Required parameter: name"));
      content = parts.media();
      Object jsonType = resource.get("contentType");
      contentType = jsonType instanceof String ? (String) jsonType : parts.mediaContentType();
      Object jsonEncoding = resource.get("contentEncoding");
      contentEncoding = jsonEncoding instanceof String ? (String) jsonEncoding : null;
      if (resource.get("metadata") instanceof Map) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) resource.get("metadata")).entrySet()) {
          if (e.getValue() != null) {
            metadata.put((String) e.getKey(), String.valueOf(e.getValue()));
          }
        }
      }
    } else {
      throw new ApiError(400, "invalid", "The Cloud Storage emulator serves uploadType=media and "
          + "uploadType=multipart only, got uploadType=" + uploadType);
    }
    return new CloudStorageUpload(name, Content.of(content, contentType).withMetadata(metadata)
        .withContentEncoding(contentEncoding));
  }

  private static byte[] entity(RecordedRequest request) throws ApiError {
    try {
      return HttpEmulator.entity(request);
    } catch (IOException e) {
      throw new ApiError(400, "invalid", "The request body could not be decoded: " + e.getMessage());
    }
  }
}
