package dev.secretfn.gcp.storage;

import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Berglas secret in Cloud Storage, optionally pinned to a generation:
 * {@code berglas://BUCKET/OBJECT[#GENERATION]}, as the Berglas tool writes it. Berglas's
 * {@code ?destination=} is refused: secretfn never writes a secret to a file.
 */
public record BerglasObject(String bucket, String object, OptionalLong generation) implements SecretReference {
  /** {@code berglas://} */
  public static final Scheme SCHEME = Scheme.of("berglas");

  public BerglasObject {
    StorageNames.bucket(bucket);
    ReferenceRules.objectName(object);
    generation.ifPresent(g -> ReferenceRules.positive(g, "generation"));
  }

  @Override
  public Scheme scheme() {
    return SCHEME;
  }

  @Override
  public Optional<String> field() {
    return Optional.empty();
  }

  @Override
  public BerglasObject withoutField() {
    return this;
  }

  /**
   * Whether it names a generation: without one, the read serves whatever generation is live, so a
   * {@code berglas update} reaches every new instance at once (and a refreshing declaration sees it).
   */
  @Override
  public boolean pinned() {
    return generation.isPresent();
  }

  @Override
  public String format() {
    return "berglas://" + bucket + "/" + ReferenceRules.percentEncode(object)
        + (generation.isPresent() ? "#" + generation.getAsLong() : "");
  }

  @Override
  public String toString() {
    return format();
  }
}
