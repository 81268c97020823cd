package dev.secretfn.bench.jmh;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.google.cloud.functions.HttpFunction;
import dev.secretfn.gcf.SecretHttpFunction;
import dev.secretfn.lambda.SecretRequestHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A warm invocation through secretfn's base classes against a direct call of the same user handler: the
 * per-invocation cost of the framework (one final-field read, one volatile read on Lambda, one call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DispatchBenchmark {
  private final AtomicLong served = new AtomicLong();
  private RequestHandler<String, Integer> lambdaHandler;
  private RequestHandler<String, Integer> lambdaFunction;
  private HttpFunction httpHandler;
  private HttpFunction httpFunction;

  /** Lambda's runtime passes the handler class; these wrap the same handlers the direct calls use. */
  @Setup
  public void setUp() {
    lambdaHandler = (input, context) -> input.length();
    RequestHandler<String, Integer> handler = lambdaHandler;
    lambdaFunction = new SecretRequestHandler<String, Integer>(() -> handler) {};
    httpHandler = (request, response) -> served.incrementAndGet();
    HttpFunction http = httpHandler;
    httpFunction = new SecretHttpFunction(() -> http) {};
  }

  @Benchmark
  public Integer lambdaDirect() {
    return lambdaHandler.handleRequest("event", null);
  }

  @Benchmark
  public Integer lambdaThroughSecretRequestHandler() {
    return lambdaFunction.handleRequest("event", null);
  }

  @Benchmark
  public long gcfDirect() throws Exception {
    httpHandler.service(null, null);
    return served.get();
  }

  @Benchmark
  public long gcfThroughSecretHttpFunction() throws Exception {
    httpFunction.service(null, null);
    return served.get();
  }
}
