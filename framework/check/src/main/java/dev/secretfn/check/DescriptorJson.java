package dev.secretfn.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * One JSON descriptor that secretfn-compiler wrote, read into maps (JSON is YAML's flow style, so SnakeYAML,
 * which the check has anyway, reads it), with typed field access whose errors name the file and the field.
 */
final class DescriptorJson {
  /** The only format this check reads; see {@code SecretDeclarations}' javadoc. */
  static final int FORMAT = 1;

  private final String where;
  private final Map<?, ?> object;

  private DescriptorJson(String where, Map<?, ?> object) {
    this.where = where;
    this.object = object;
  }

  /** Reads {@code json}; {@code where} names the file (jar and entry) in errors. */
  static DescriptorJson parse(String where, String json) throws CheckException {
    Object document;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      document = new Yaml(new SafeConstructor(options)).load(json);
    } catch (YAMLException e) {
      throw new CheckException(where + " is not a JSON descriptor (" + e.getClass().getSimpleName()
          + "): rebuild the function with the same secretfn-compiler version as this check");
    }
    if (!(document instanceof Map)) {
      throw new CheckException(where + " is not a JSON object: rebuild the function");
    }
    DescriptorJson descriptor = new DescriptorJson(where, (Map<?, ?>) document);
    Object format = descriptor.object.get("format");
    if (!Integer.valueOf(FORMAT).equals(format)) {
      throw new CheckException(where + " has format " + format + ", and this check reads format " + FORMAT
          + ": use the secretfn-check of the secretfn version that built the function");
    }
    return descriptor;
  }

  String where() {
    return where;
  }

  String string(String field) throws CheckException {
    Object value = object.get(field);
    if (!(value instanceof String)) {
      throw malformed(field, "a string");
    }
    return (String) value;
  }

  Optional<String> optionalString(String field) throws CheckException {
    Object value = object.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String)) {
      throw malformed(field, "a string or null");
    }
    return Optional.of((String) value);
  }

  boolean bool(String field) throws CheckException {
    Object value = object.get(field);
    if (!(value instanceof Boolean)) {
      throw malformed(field, "true or false");
    }
    return (Boolean) value;
  }

  /** A boolean that may be absent (false). */
  boolean flag(String field) throws CheckException {
    Object value = object.get(field);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean)) {
      throw malformed(field, "true, false or absent");
    }
    return (Boolean) value;
  }

  Optional<Long> optionalLong(String field) throws CheckException {
    Object value = object.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Integer) && !(value instanceof Long)) {
      throw malformed(field, "a number or null");
    }
    return Optional.of(((Number) value).longValue());
  }

  List<String> strings(String field) throws CheckException {
    List<String> strings = new ArrayList<>();
    for (Object item : list(field)) {
      if (!(item instanceof String)) {
        throw malformed(field, "a list of strings");
      }
      strings.add((String) item);
    }
    return strings;
  }

  List<DescriptorJson> objects(String field) throws CheckException {
    List<DescriptorJson> objects = new ArrayList<>();
    for (Object item : list(field)) {
      if (!(item instanceof Map)) {
        throw malformed(field, "a list of objects");
      }
      objects.add(new DescriptorJson(where, (Map<?, ?>) item));
    }
    return objects;
  }

  private List<?> list(String field) throws CheckException {
    Object value = object.get(field);
    if (!(value instanceof List)) {
      throw malformed(field, "a list");
    }
    return (List<?>) value;
  }

  private CheckException malformed(String field, String expected) {
    return new CheckException(where + ": \"" + field + "\" must be " + expected
        + ": rebuild the function with the same secretfn-compiler version as this check");
  }
}
