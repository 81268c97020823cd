package dev.secretfn.testing.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Generates {@link TestPki} with the JDK's own {@code keytool}, so that the test kit needs no certificate library.
 * One key pair serves every leaf (what a test checks is the chain, the names and the dates, not the key): its
 * self-signed certificate is {@link TestPki#selfSigned()}, and the CA signs three more for it from one request.
 * The runs that do not depend on each other run at once, which keeps the path to three {@code keytool} starts.
 */
final class Keytool {
  private static final String PASSWORD = "secretfn-test";
  private static final String LOOPBACK_NAMES = "SAN=ip:127.0.0.1,dns:localhost,ip:::1";
  private static final long TIMEOUT_SECONDS = 60;

  private final Path keytool;
  private final Path dir;

  private Keytool(Path keytool, Path dir) {
    this.keytool = keytool;
    this.dir = dir;
  }

  static TestPki generate() {
    Path dir;
    try {
      Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      dir = Files.createTempDirectory(tmp, "secretfn-test-pki");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for keytool's files", e);
    }
    try {
      return new Keytool(keytoolBinary(), dir).run();
    } finally {
      deleteRecursively(dir);
    }
  }

  private TestPki run() {
    // The CA and the leaf key pair at once; the certificate request needs the leaf, the signing both.
    Process ca = start("ca", "-genkeypair", "-keystore", "ca.p12", "-alias", "ca", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=secretfn test CA, O=secretfn tests", "-ext", "bc:c",
        "-startdate", "-30d", "-validity", "60");
    Process leaf = start("leaf", "-genkeypair", "-keystore", "leaf.p12", "-alias", "leaf", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=secretfn self-signed test leaf, O=secretfn tests",
        "-ext", LOOPBACK_NAMES, "-startdate", "-1d", "-validity", "30");
    await(leaf, "leaf");
    await(start("certreq", "-certreq", "-keystore", "leaf.p12", "-alias", "leaf", "-file", "leaf.csr"), "certreq");
    await(ca, "ca");
    Map<String, Process> signing = new LinkedHashMap<>();
    signing.put("loopback", sign("loopback", "CN=127.0.0.1, O=secretfn tests", LOOPBACK_NAMES, "-1d", "30"));
    signing.put("other-host",
        sign("other-host", "CN=other.example, O=secretfn tests", "SAN=dns:other.example", "-1d", "30"));
    signing.put("expired", sign("expired", "CN=127.0.0.1, O=secretfn tests", LOOPBACK_NAMES, "-10d", "2"));
    signing.forEach((name, process) -> await(process, name));
    try {
      KeyStore caStore = load("ca.p12");
      X509Certificate caCertificate = (X509Certificate) caStore.getCertificate("ca");
      KeyStore leafStore = load("leaf.p12");
      PrivateKey key = (PrivateKey) leafStore.getKey("leaf", PASSWORD.toCharArray());
      X509Certificate self = (X509Certificate) leafStore.getCertificate("leaf");
      return new TestPki(caCertificate,
          new TestCertificate("loopback", key, List.of(pem("loopback"), caCertificate)),
          new TestCertificate("other-host", key, List.of(pem("other-host"), caCertificate)),
          new TestCertificate("expired", key, List.of(pem("expired"), caCertificate)),
          new TestCertificate("self-signed", key, List.of(self)));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot read the test certificates keytool wrote in " + dir, e);
    }
  }

  private Process sign(String name, String subject, String names, String start, String days) {
    return start(name, "-gencert", "-keystore", "ca.p12", "-alias", "ca", "-infile", "leaf.csr",
        "-outfile", name + ".pem", "-rfc", "-dname", subject, "-ext", names, "-ext", "eku=serverAuth",
        "-startdate", start, "-validity", days);
  }

  private Process start(String name, String... args) {
    List<String> command = new ArrayList<>();
    command.add(keytool.toString());
    // A short-lived tool: the C1 compiler and the serial collector start it faster.
    command.add("-J-XX:TieredStopAtLevel=1");
    command.add("-J-XX:+UseSerialGC");
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
    try {
      return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + keytool, e);
    }
  }

  private void await(Process process, String name) {
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool (" + name + ") did not finish within " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while keytool (" + name + ") ran", e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("keytool (" + name + ") failed with status " + process.exitValue() + ": "
          + output(name));
    }
  }

  private String output(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  private KeyStore load(String file) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(file))) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private X509Certificate pem(String name) throws GeneralSecurityException, IOException {
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".pem"))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static Path keytoolBinary() {
    Path bin = Path.of(System.getProperty("java.home"), "bin");
    Path unix = bin.resolve("keytool");
    return Files.isExecutable(unix) ? unix : bin.resolve("keytool.exe");
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Best effort: the files are throwaway test keys under the build's temp directory.
    }
  }
}
