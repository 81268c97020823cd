package dev.secretfn.bench.common;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * The physical floor's one call: a plain JDK {@code HttpURLConnection} GET of {@code BENCH_FLOOR_URL} (an emulator
 * object, so the emulators' added latency applies), made where a secret fetch would be, in the function's
 * constructor. Nothing of secretfn is loaded: what the floor costs over the empty function is the JDK's HTTP
 * classes and one round trip, the part of a start-up no transport can avoid.
 */
public final class PhysicalFloor {
  private static final int TIMEOUT_MS = 10_000;

  private PhysicalFloor() {}

  /** Fetches {@code BENCH_FLOOR_URL} once and returns the body's length; throws unless it answered 200. */
  public static int fetch() throws IOException {
    String url = System.getenv("BENCH_FLOOR_URL");
    if (url == null) {
      throw new IllegalStateException("BENCH_FLOOR_URL must be set");
    }
    return fetch(url);
  }

  static int fetch(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    connection.setConnectTimeout(TIMEOUT_MS);
    connection.setReadTimeout(TIMEOUT_MS);
    int status = connection.getResponseCode();
    if (status != 200) {
      throw new IOException("GET " + url + " answered " + status);
    }
    try (InputStream body = connection.getInputStream()) {
      return body.readAllBytes().length;
    }
  }
}
