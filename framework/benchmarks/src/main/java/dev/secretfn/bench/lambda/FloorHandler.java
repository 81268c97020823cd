package dev.secretfn.bench.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.secretfn.bench.common.PhysicalFloor;
import java.io.IOException;
import java.util.Map;

/** The physical floor: the empty handler plus one plain HttpURLConnection call during INIT. */
public final class FloorHandler implements RequestHandler<Map<String, Object>, String> {
  private final int length;

  public FloorHandler() throws IOException {
    this.length = PhysicalFloor.fetch();
  }

  @Override
  public String handleRequest(Map<String, Object> event, Context context) {
    return "ok " + length;
  }
}
