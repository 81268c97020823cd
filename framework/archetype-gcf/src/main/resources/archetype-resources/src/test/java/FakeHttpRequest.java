package ${package};

import com.google.cloud.functions.HttpRequest;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A GET request with headers and query parameters, for unit tests of the handler. */
final class FakeHttpRequest implements HttpRequest {
  private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, List<String>> query = new TreeMap<>();

  FakeHttpRequest header(String name, String value) {
    headers.put(name, List.of(value));
    return this;
  }

  FakeHttpRequest query(String name, String value) {
    query.put(name, List.of(value));
    return this;
  }

  @Override
  public String getMethod() {
    return "GET";
  }

  @Override
  public String getUri() {
    return "http://localhost/";
  }

  @Override
  public String getPath() {
    return "/";
  }

  @Override
  public Optional<String> getQuery() {
    return Optional.empty();
  }

  @Override
  public Map<String, List<String>> getQueryParameters() {
    return query;
  }

  @Override
  public Map<String, HttpPart> getParts() {
    return Map.of();
  }

  @Override
  public Optional<String> getContentType() {
    return Optional.empty();
  }

  @Override
  public long getContentLength() {
    return 0;
  }

  @Override
  public Optional<String> getCharacterEncoding() {
    return Optional.empty();
  }

  @Override
  public InputStream getInputStream() {
    return new ByteArrayInputStream(new byte[0]);
  }

  @Override
  public BufferedReader getReader() {
    return new BufferedReader(new StringReader(""));
  }

  @Override
  public Map<String, List<String>> getHeaders() {
    return headers;
  }
}
