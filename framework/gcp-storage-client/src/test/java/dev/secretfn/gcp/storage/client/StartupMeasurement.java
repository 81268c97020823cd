package dev.secretfn.gcp.storage.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures one gs:// read in fresh JVMs, on each transport, against the emulator in this JVM: {@code java
 * [-Dprobe.jvmArgs="..."] StartupMeasurement <java> <lean classpath> <official classpath> [runs]}. Runs alternate between the transports;
 * prints every run and the medians of the in-process resolve time, the JVM's uptime at the value, and the wall
 * time from launching the JVM to the value.
 */
final class StartupMeasurement {
  private static final Pattern LINE = Pattern.compile("PROBE (\\w+) bytes=(\\d+) resolveMs=(\\d+) uptimeMs=(\\d+)");

  private StartupMeasurement() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    String java = args[0];
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    try (CloudStorageEmulator gcs = CloudStorageEmulator.start()) {
      gcs.putObject("secretfn-bench", "app/db-pass.txt", "a-password-of-some-length".getBytes(UTF_8));
      String host = gcs.endpoint().substring("http://".length());
      String reference = "gs://secretfn-bench/app/db-pass.txt";
      List<long[]> lean = new ArrayList<>();
      List<long[]> official = new ArrayList<>();
      run(java, args[1], "LeanReadProbe", host, reference); // one warm-up of the OS page cache each
      run(java, args[2], "OfficialReadProbe", host, reference);
      for (int i = 0; i < runs; i++) {
        lean.add(run(java, args[1], "LeanReadProbe", host, reference));
        official.add(run(java, args[2], "OfficialReadProbe", host, reference));
      }
      report("lean", lean);
      report("official", official);
    }
  }

  private static long[] run(String java, String classpath, String probe, String host, String reference)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(java, "-cp", classpath));
    String extra = System.getProperty("probe.jvmArgs", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(List.of("dev.secretfn.gcp.storage.client." + probe, host, reference));
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        Matcher m = LINE.matcher(line);
        if (m.find()) {
          long wall = (System.nanoTime() - start) / 1_000_000;
          process.waitFor();
          long[] run = {Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), wall};
          System.out.println(probe + ": resolve " + run[0] + " ms, uptime " + run[1] + " ms, launch-to-value "
              + run[2] + " ms");
          return run;
        }
      }
    }
    throw new IllegalStateException(probe + " printed no result (exit " + process.waitFor() + ")");
  }

  private static void report(String transport, List<long[]> runs) {
    System.out.println("MEDIAN " + transport + ": resolve " + median(runs, 0) + " ms, uptime " + median(runs, 1)
        + " ms, launch-to-value " + median(runs, 2) + " ms (" + runs.size() + " runs)");
  }

  private static long median(List<long[]> runs, int column) {
    List<Long> values = new ArrayList<>();
    runs.forEach(r -> values.add(r[column]));
    Collections.sort(values);
    return values.get(values.size() / 2);
  }
}
