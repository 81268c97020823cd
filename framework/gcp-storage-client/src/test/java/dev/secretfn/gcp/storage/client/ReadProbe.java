package dev.secretfn.gcp.storage.client;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolver;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One gs:// read in a fresh JVM, for measuring a transport's cold start: builds the component, resolves one
 * secret, prints the time that took and the JVM's uptime, and exits. Arguments: the emulator's {@code host:port}
 * and the reference. The measuring driver is {@link StartupMeasurement}.
 */
final class ReadProbe {
  private ReadProbe() {}

  /** What a probe's component gives. */
  interface Store {
    Set<ReferenceSyntax> syntaxes();

    Set<SecretSource> sources();
  }

  static void run(String transport, String[] args, Function<ContractDeployment, Store> component) {
    long start = System.nanoTime();
    Map<String, String> variables = Map.of(GcpSettings.STORAGE_EMULATOR_HOST, args[0], "SECRET", args[1]);
    Store store = component.apply(new ContractDeployment(variables));
    ResolvedSecrets secrets = SecretResolver.create(List.copyOf(store.syntaxes()), List.copyOf(store.sources()),
        ResolverSettings.defaults()).resolve(Set.of(SecretDeclaration.required("SECRET")), Environment.of(variables));
    long resolvedNanos = System.nanoTime() - start;
    int length = secrets.get("SECRET").length();
    long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    System.out.println("PROBE " + transport + " bytes=" + length + " resolveMs=" + resolvedNanos / 1_000_000
        + " uptimeMs=" + uptime);
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
