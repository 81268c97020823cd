package dev.secretfn.gcp;

import dagger.Component;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.storage.BerglasModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.ReferenceSyntax;
import jakarta.inject.Singleton;
import java.util.Set;

/** The Google Cloud stores' syntaxes, taken from their modules as a function's component gets them. */
@Singleton
@Component(modules = {CloudKmsModule.class, CloudStorageModule.class, BerglasModule.class})
interface GcpStores {
  Set<ReferenceSyntax> syntaxes();

  /** A parser of gcp-kms://, gs:// and berglas:// references and bare Cloud KMS ciphertexts. */
  static ReferenceParser parser() {
    return ReferenceParser.of(DaggerGcpStores.create().syntaxes());
  }
}
