package ${package};

import com.google.cloud.functions.HttpResponse;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Records what the handler answers, for unit tests. */
final class FakeHttpResponse implements HttpResponse {
  private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
  private int status = 200;
  private String contentType;

  int status() {
    return status;
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name)).map(values -> values.get(0));
  }

  String body() throws java.io.IOException {
    writer.flush();
    return body.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void setStatusCode(int code) {
    status = code;
  }

  @Override
  public void setStatusCode(int code, String message) {
    status = code;
  }

  @Override
  public void setContentType(String contentType) {
    this.contentType = contentType;
  }

  @Override
  public Optional<String> getContentType() {
    return Optional.ofNullable(contentType);
  }

  @Override
  public void appendHeader(String name, String value) {
    headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
  }

  @Override
  public Map<String, List<String>> getHeaders() {
    return headers;
  }

  @Override
  public OutputStream getOutputStream() {
    return body;
  }

  @Override
  public BufferedWriter getWriter() {
    return writer;
  }
}
