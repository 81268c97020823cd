package dev.secretfn.check.compiled;

import dagger.Component;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import dev.secretfn.ref.ReferenceSyntax;
import jakarta.inject.Singleton;
import java.util.Set;

/** A function's component, as Dagger and secretfn-compiler see it: the stores it binds decide its schemes. */
@Singleton
@Component(modules = {CompiledSecretsModule.class, CloudStorageModule.class, CloudKmsModule.class})
interface CompiledComponent {
  Set<ReferenceSyntax> syntaxes();
}
