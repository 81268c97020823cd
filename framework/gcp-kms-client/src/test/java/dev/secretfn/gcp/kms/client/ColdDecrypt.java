package dev.secretfn.gcp.kms.client;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolver;
import java.util.List;

/**
 * Not a test: one cold decrypt in a fresh JVM, for measuring the transports (the report's figures). Reads the
 * emulator host and {@code DB_PASS} from the environment, resolves it through the transport named by the first
 * argument ({@code lean} or {@code official}), and prints the resolver's time (what its "resolved ... in N ms" line
 * says), given the launch time in epoch milliseconds as the second argument the time from launch to plaintext,
 * and the process's CPU time so far (steadier than wall time on a shared machine).
 *
 * <pre>{@code
 * java -cp TEST_CLASSPATH dev.secretfn.gcp.kms.client.ColdDecrypt lean $(date +%s%3N)
 * }</pre>
 */
final class ColdDecrypt {
  private ColdDecrypt() {}

  public static void main(String[] args) {
    boolean official = args[0].equals("official");
    Environment environment = Environment.system();
    KmsComponent store = official ? OfficialKmsComponent.of(System.getenv()) : LeanKmsComponent.of(System.getenv());
    SecretResolver resolver = SecretResolver.create(store.syntaxes(), store.sources(), ResolverSettings.defaults());
    long start = System.nanoTime();
    ResolvedSecrets secrets = resolver.resolve(List.of(SecretDeclaration.required("DB_PASS")), environment);
    long resolveMillis = (System.nanoTime() - start) / 1_000_000;
    long launchToPlaintext = System.currentTimeMillis() - Long.parseLong(args[1]);
    long cpuMillis = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
    System.out.println("transport=" + args[0] + " resolveMs=" + resolveMillis + " launchToPlaintextMs="
        + launchToPlaintext + " cpuMs=" + cpuMillis + " bytes=" + secrets.get("DB_PASS").revealBytes().length);
    System.exit(0); // the official client's executor would keep the JVM up a while
  }
}
