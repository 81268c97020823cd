package dev.secretfn.testing.aws.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Core;
import org.crac.Resource;

/**
 * Registers itself as an org.crac resource in its constructor and answers every invocation with the hooks it
 * saw, in order; when the environment has {@code CRAC_FAIL_RESTORE}, its afterRestore throws.
 */
public final class CracHandler implements RequestHandler<String, String>, Resource {
  private final List<String> events = new CopyOnWriteArrayList<>();

  public CracHandler() {
    events.add("constructed");
    Core.getGlobalContext().register(this);
  }

  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    events.add("beforeCheckpoint");
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    if (System.getenv("CRAC_FAIL_RESTORE") != null) {
      throw new IllegalStateException("cannot resolve secrets after restore");
    }
    events.add("afterRestore");
  }

  @Override
  public String handleRequest(String input, Context context) {
    return String.join(",", events);
  }
}
