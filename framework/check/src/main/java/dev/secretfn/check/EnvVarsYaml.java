package dev.secretfn.check;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A {@code gcloud functions deploy --env-vars-file} YAML: a flat mapping of variable names to string values.
 * Nested values, keys or values that YAML reads as something other than a string (a number, a boolean, null),
 * and duplicate keys are errors that name the line; a value is never quoted.
 */
final class EnvVarsYaml {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvVarsYaml() {}

  static Deployment read(Path file) throws CheckException {
    Node root;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new LoaderOptions()).compose(reader);
    } catch (IOException e) {
      throw new CheckException("cannot read the env-vars file " + file + " (" + e.getClass().getSimpleName()
          + ")");
    } catch (YAMLException e) {
      throw new CheckException("the env-vars file " + file + " is not valid YAML" + problem(e));
    }
    Map<String, DeployedValue> variables = new LinkedHashMap<>();
    if (root == null) {
      return new Deployment("env-vars file " + file, variables, Optional.empty());
    }
    if (!(root instanceof MappingNode)) {
      throw new CheckException(where(file, root) + ": an env-vars file is a mapping of NAME: \"VALUE\"");
    }
    for (NodeTuple tuple : ((MappingNode) root).getValue()) {
      Node key = tuple.getKeyNode();
      if (!(key instanceof ScalarNode) || !key.getTag().equals(Tag.STR)) {
        throw new CheckException(where(file, key) + ": a variable name must be a string");
      }
      String name = ((ScalarNode) key).getValue();
      if (!NAME.matcher(name).matches()) {
        // Not quoted: a key that is no variable name may be a pasted secret.
        throw new CheckException(where(file, key) + ": a key is not a variable name (letters, digits and '_', not"
            + " starting with a digit)");
      }
      Node value = tuple.getValueNode();
      if (!(value instanceof ScalarNode)) {
        throw new CheckException(where(file, value) + ": the value of " + name + " is nested; gcloud takes a"
            + " string per variable");
      }
      if (!value.getTag().equals(Tag.STR)) {
        throw new CheckException(where(file, value) + ": YAML reads the value of " + name + " as "
            + value.getTag().getValue().replace(Tag.PREFIX, "a YAML ") + ", not a string: quote it");
      }
      if (variables.put(name, DeployedValue.literal(((ScalarNode) value).getValue())) != null) {
        throw new CheckException(where(file, key) + ": " + name + " is set twice");
      }
    }
    return new Deployment("env-vars file " + file, variables, Optional.empty());
  }

  private static String where(Path file, Node node) {
    return "env-vars file " + file + " line " + (node.getStartMark().getLine() + 1);
  }

  /** The line and SnakeYAML's problem, without the snippet of the line it quotes. */
  static String problem(YAMLException e) {
    if (e instanceof MarkedYAMLException) {
      MarkedYAMLException marked = (MarkedYAMLException) e;
      String line = marked.getProblemMark() == null ? "" : " at line " + (marked.getProblemMark().getLine() + 1);
      return line + ": " + marked.getProblem();
    }
    return " (" + e.getClass().getSimpleName() + ")";
  }
}
