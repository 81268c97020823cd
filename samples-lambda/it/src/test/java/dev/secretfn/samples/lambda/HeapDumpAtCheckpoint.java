package dev.secretfn.samples.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.management.HotSpotDiagnosticMXBean;
import dev.secretfn.lambda.SecretRequestHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * The weather sample function with a heap dump at the SnapStart checkpoint, for {@link SnapStartPrimingIT}
 * only: its CRaC resource is registered when the class initialises, before secretfn's (in the constructor), and
 * the runtime runs {@code beforeCheckpoint} hooks in reverse order of registration, so the dump shows the heap
 * after secretfn's hook, as the snapshot would hold it. Live objects only (a full GC first), written to the file
 * named by {@value #DUMP_VARIABLE}.
 */
public final class HeapDumpAtCheckpoint
    extends SecretRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  static final String DUMP_VARIABLE = "TEST_HEAP_DUMP_AT_CHECKPOINT";
  /** Strongly held: the CRaC context holds its resources weakly. */
  private static final Resource DUMP = register();

  public HeapDumpAtCheckpoint() {
    super(() -> DaggerWeatherComponent.create().handler());
  }

  private static Resource register() {
    Resource dump = new Resource() {
      @Override
      public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
              .dumpHeap(System.getenv(DUMP_VARIABLE), true);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        System.out.println("test: heap dumped at the checkpoint");
      }

      @Override
      public void afterRestore(Context<? extends Resource> context) {}
    };
    Core.getGlobalContext().register(dump);
    return dump;
  }
}
