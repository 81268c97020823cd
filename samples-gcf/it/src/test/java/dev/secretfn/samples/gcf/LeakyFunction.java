package dev.secretfn.samples.gcf;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dagger.Component;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import dev.secretfn.gcf.SecretHttpFunction;
import dev.secretfn.gcp.storage.BerglasModule;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A deliberately leaking function, for {@link LeakAuditIT} only: it resolves the weather API key as the sample
 * does, then puts it everywhere a secret must never go (a system property, a file in the temp directory, a
 * file in the working directory, a log line). The audit must flag every one of these channels; an audit that
 * passes this function proves nothing.
 */
public final class LeakyFunction extends SecretHttpFunction {
  public LeakyFunction() {
    super(() -> DaggerLeakyFunction_Leaky.create().handler());
  }

  @Singleton
  @Component(modules = {WeatherSecretsModule.class, BerglasModule.class})
  interface Leaky {
    Handler handler();
  }

  static final class Handler implements HttpFunction {
    @Inject
    Handler(@SecretVar("API_KEY") Secret apiKey) {
      String value = apiKey.revealString();
      System.setProperty("leaky.api.key", value);
      try {
        Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "leaky-cache.txt"), value);
        Files.writeString(Path.of("leaky-debug.txt"), value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      System.getLogger("leaky").log(Level.INFO, "resolved API_KEY=" + value);
    }

    @Override
    public void service(HttpRequest request, HttpResponse response) throws IOException {
      response.getWriter().write("leaked");
    }
  }
}
