package dev.secretfn.samples.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dagger.Component;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.lambda.SecretRequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A deliberately leaking Lambda handler, for {@link LeakAuditIT} only: it resolves the API key as the sample
 * does, then puts it everywhere a secret must never go (a system property, a file in the temp directory, a
 * file in the working directory, a log line). The audit must flag every one of these channels.
 */
public final class LeakyHandler extends SecretRequestHandler<Map<String, Object>, String> {
  public LeakyHandler() {
    super(() -> DaggerLeakyHandler_Leaky.create().handler());
  }

  @Singleton
  @Component(modules = {WeatherSecretsModule.class, AwsKmsModule.class})
  interface Leaky {
    Handler handler();
  }

  static final class Handler implements RequestHandler<Map<String, Object>, String> {
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
    public String handleRequest(Map<String, Object> event, Context context) {
      return "leaked";
    }
  }
}
