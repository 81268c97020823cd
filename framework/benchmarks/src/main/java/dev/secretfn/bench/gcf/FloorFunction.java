package dev.secretfn.bench.gcf;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.secretfn.bench.common.PhysicalFloor;
import java.io.IOException;

/** The physical floor: the empty function plus one plain HttpURLConnection call when the instance starts. */
public final class FloorFunction implements HttpFunction {
  private final int length;

  public FloorFunction() throws IOException {
    this.length = PhysicalFloor.fetch();
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    response.getWriter().write("ok " + length);
  }
}
