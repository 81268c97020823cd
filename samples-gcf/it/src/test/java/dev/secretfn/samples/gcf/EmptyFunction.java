package dev.secretfn.samples.gcf;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;

/** The runtime floor for cold-start comparisons: an HTTP function that does nothing. */
public final class EmptyFunction implements HttpFunction {
  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    response.getWriter().write("ok");
  }
}
