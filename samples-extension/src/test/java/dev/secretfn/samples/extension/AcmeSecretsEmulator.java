package dev.secretfn.samples.extension;

import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Acme's secrets service on 127.0.0.1, as a platform team would write it for its store: the one read call
 * ({@code GET /v1/secrets/NAME/versions/N|latest}), versions kept per name, and the shared knobs (latency,
 * faults, denial by secret name) of secretfn's emulator base.
 */
final class AcmeSecretsEmulator implements AutoCloseable {
  private static final Pattern READ = Pattern.compile("/v1/secrets/(.+)/versions/(latest|[1-9][0-9]*)");

  private final Map<String, List<byte[]>> versions = new ConcurrentHashMap<>();
  private final HttpEmulator http;

  private AcmeSecretsEmulator() {
    this.http = HttpEmulator.start("acme-secrets-emulator", new HttpEmulator.Service() {
      @Override
      public Reply serve(RecordedRequest request) {
        return read(request);
      }

      @Override
      public Reply failure(RecordedRequest request, int httpStatus) {
        return Reply.bytes(httpStatus, "text/plain", ("error " + httpStatus).getBytes());
      }
    });
  }

  static AcmeSecretsEmulator start() {
    return new AcmeSecretsEmulator();
  }

  /** Adds a new version of {@code name} and returns its number (1 for the first). */
  int put(String name, byte[] value) {
    List<byte[]> list = versions.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
    synchronized (list) {
      list.add(value.clone());
      return list.size();
    }
  }

  String endpoint() {
    return http.endpoint();
  }

  EmulatorKnobs knobs() {
    return http.knobs();
  }

  List<RecordedRequest> requests() {
    return http.requests();
  }

  private Reply read(RecordedRequest request) {
    Matcher read = READ.matcher(request.path());
    if (!"GET".equals(request.method()) || !read.matches()) {
      return Reply.bytes(400, "text/plain", "no such call".getBytes());
    }
    String name = read.group(1);
    if (http.denies(name)) {
      return Reply.bytes(403, "text/plain", "forbidden".getBytes());
    }
    List<byte[]> list = versions.get(name);
    if (list == null || list.isEmpty()) {
      return Reply.bytes(404, "text/plain", "not found".getBytes());
    }
    int version = read.group(2).equals("latest") ? list.size() : Integer.parseInt(read.group(2));
    if (version > list.size()) {
      return Reply.bytes(404, "text/plain", "no such version".getBytes());
    }
    return Reply.bytes(200, "application/octet-stream", list.get(version - 1).clone());
  }

  @Override
  public void close() {
    http.close();
  }
}
