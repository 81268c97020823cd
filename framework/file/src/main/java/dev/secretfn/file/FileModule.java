package dev.secretfn.file;

import dagger.Binds;
import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Binds the {@code file:///ABSOLUTE/PATH[#FIELD]} store: secret files that the platform mounted (Cloud Run and
 * Cloud Run functions secret volumes, Kubernetes secret volumes), read once at start-up with no network call.
 * The store only reads: it never creates, copies or writes a file, and never follows a symbolic link out of the
 * directory that holds the named file.
 *
 * <pre>{@code
 * @Singleton
 * @Component(modules = {MySecretsModule.class, FileModule.class})
 * interface MyComponent { MyHandler handler(); }
 * }</pre>
 *
 * <p>with {@code DB_PASS=file:///secrets/db#password}. The size limit comes from a bound {@link FileSettings}, or
 * its default.
 */
@Module
public abstract class FileModule {
  private FileModule() {}

  @BindsOptionalOf
  abstract FileSettings optionalSettings();

  @Binds
  @IntoSet
  abstract ReferenceSyntax fileSyntax(FileSyntax syntax);

  @Provides
  @Singleton
  @IntoSet
  static SecretSource files(Optional<FileSettings> settings) {
    return new FileSource(settings.orElseGet(FileSettings::defaults));
  }
}
