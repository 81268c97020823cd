package dev.secretfn.ref;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Cloud Storage object, optionally pinned to a generation and optionally narrowed to one string field of
 * the JSON object it holds: {@code gs://BUCKET/OBJECT[?generation=N][#FIELD]}.
 */
public record GcsObject(String bucket, String object, OptionalLong generation, Optional<String> field)
    implements SecretReference {
  public GcsObject {
    Names.gcsBucket(bucket);
    Names.objectName(object);
    generation.ifPresent(Names::generation);
    field.ifPresent(Names::field);
  }

  @Override
  public Scheme scheme() {
    return Scheme.GCS;
  }

  @Override
  public GcsObject withoutField() {
    return new GcsObject(bucket, object, generation, Optional.empty());
  }

  @Override
  public String format() {
    return "gs://" + bucket + "/" + Percent.encode(object)
        + (generation.isPresent() ? "?generation=" + generation.getAsLong() : "")
        + field.map(f -> "#" + Percent.encode(f)).orElse("");
  }

  @Override
  public String toString() {
    return format();
  }
}
