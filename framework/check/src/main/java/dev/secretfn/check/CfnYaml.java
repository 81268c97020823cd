package dev.secretfn.check;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation (or SAM) template written in YAML into plain maps, lists and scalars, the way
 * CloudFormation itself sees it: each short-form intrinsic becomes its long form, so {@code !Ref X} is
 * {@code {"Ref": "X"}}, {@code !Sub "a${B}"} is {@code {"Fn::Sub": "a${B}"}} and {@code !GetAtt R.Arn} is
 * {@code {"Fn::GetAtt": ["R", "Arn"]}}. Everything else is SnakeYAML's safe construction; any other tag and
 * duplicate keys are errors.
 *
 * <pre>{@code
 * Map<String, Object> template = CfnYaml.load(Path.of("deploy/aws/template.yaml"));
 * // "API_KEY: !Ref ApiKeyCiphertext" reads as {"API_KEY": {"Ref": "ApiKeyCiphertext"}}
 * }</pre>
 *
 * <p>Public for the deploy module's template tests, which read the same templates the check reads.
 */
public final class CfnYaml {
  /** The short-form tags CloudFormation accepts, without their '!'. */
  public static final List<String> INTRINSICS = List.of("Ref", "Condition", "Sub", "GetAtt", "If", "Equals", "Not",
      "And", "Or", "Join", "Select", "Split", "FindInMap", "ImportValue", "Base64", "GetAZs", "Cidr",
      "Transform", "Length", "ToJsonString");

  private CfnYaml() {}

  /** The template in {@code file}; YAML errors are SnakeYAML's {@code YAMLException}s, with the line. */
  public static Map<String, Object> load(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader);
    }
  }

  /** The template read from {@code yaml}. */
  public static Map<String, Object> parse(Reader yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Object document = new Yaml(new Constructor(options)).load(yaml);
    if (!(document instanceof Map)) {
      // The document's type only: a file passed by mistake may hold anything.
      throw new IllegalArgumentException("a template is a YAML mapping, not "
          + (document == null ? "an empty document" : "a " + document.getClass().getSimpleName()));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> template = (Map<String, Object>) document;
    return template;
  }

  private static final class Constructor extends SafeConstructor {
    Constructor(LoaderOptions options) {
      super(options);
      for (String name : INTRINSICS) {
        yamlConstructors.put(new Tag("!" + name), new Intrinsic(name));
      }
    }

    /** Builds {@code {"Fn::NAME": value}} (or {@code {"Ref": value}}, {@code {"Condition": value}}). */
    private final class Intrinsic extends AbstractConstruct {
      private final String name;

      Intrinsic(String name) {
        this.name = name;
      }

      @Override
      public Object construct(Node node) {
        Object value;
        if (node instanceof ScalarNode) {
          value = constructScalar((ScalarNode) node);
        } else if (node instanceof SequenceNode) {
          value = constructSequence((SequenceNode) node);
        } else {
          value = constructMapping((MappingNode) node);
        }
        if (name.equals("GetAtt") && value instanceof String) {
          // The short form "Resource.Attribute" splits at the first dot (attributes may contain dots).
          String text = (String) value;
          int dot = text.indexOf('.');
          if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("!GetAtt needs RESOURCE.ATTRIBUTE, not '" + text + "'");
          }
          value = List.of(text.substring(0, dot), text.substring(dot + 1));
        }
        String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
        return Map.of(key, value);
      }
    }
  }
}
