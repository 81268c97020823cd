package dev.secretfn.gcp.storage;

import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Cloud Storage object, optionally pinned to a generation and optionally narrowed to one string field of
 * the JSON object it holds: {@code gs://BUCKET/OBJECT[?generation=N][#FIELD]}.
 */
public record GcsObject(String bucket, String object, OptionalLong generation, Optional<String> field)
    implements SecretReference {
  /** {@code gs://} */
  public static final Scheme SCHEME = Scheme.of("gs");

  public GcsObject {
    StorageNames.bucket(bucket);
    ReferenceRules.objectName(object);
    generation.ifPresent(g -> ReferenceRules.positive(g, "generation"));
    field.ifPresent(ReferenceRules::field);
  }

  @Override
  public Scheme scheme() {
    return SCHEME;
  }

  @Override
  public GcsObject withoutField() {
    return new GcsObject(bucket, object, generation, Optional.empty());
  }

  /**
   * Whether it names a generation: without one, the read serves whatever generation is live, so an upload
   * reaches every new instance at once (and a refreshing declaration sees it).
   */
  @Override
  public boolean pinned() {
    return generation.isPresent();
  }

  @Override
  public String format() {
    return "gs://" + bucket + "/" + ReferenceRules.percentEncode(object)
        + (generation.isPresent() ? "?generation=" + generation.getAsLong() : "")
        + field.map(f -> "#" + ReferenceRules.percentEncode(f)).orElse("");
  }

  @Override
  public String toString() {
    return format();
  }
}
