package dev.secretfn.ref;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Berglas secret in Cloud Storage, optionally pinned to a generation:
 * {@code berglas://BUCKET/OBJECT[#GENERATION]}, as the Berglas tool writes it. Berglas's
 * {@code ?destination=} is refused: secretfn never writes a secret to a file.
 */
public record BerglasObject(String bucket, String object, OptionalLong generation) implements SecretReference {
  public BerglasObject {
    Names.gcsBucket(bucket);
    Names.objectName(object);
    generation.ifPresent(Names::generation);
  }

  @Override
  public Scheme scheme() {
    return Scheme.BERGLAS;
  }

  @Override
  public Optional<String> field() {
    return Optional.empty();
  }

  @Override
  public BerglasObject withoutField() {
    return this;
  }

  @Override
  public String format() {
    return "berglas://" + bucket + "/" + Percent.encode(object)
        + (generation.isPresent() ? "#" + generation.getAsLong() : "");
  }

  @Override
  public String toString() {
    return format();
  }
}
