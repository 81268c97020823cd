package dev.secretfn.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * One function's variables in a SAM (or CloudFormation) template: its {@code Properties.Environment.Variables}
 * merged over {@code Globals.Function.Environment.Variables}, with intrinsic functions resolved where the
 * parameters are known ({@link Intrinsics}). The function's {@code Handler} is its entry point.
 */
final class SamTemplate {
  /** The pseudo parameter a deploy script knows before the stack exists. */
  static final String STACK_NAME = "AWS::StackName";
  /** What Lambda sets to the function's name where it runs. */
  static final String FUNCTION_NAME_VARIABLE = "AWS_LAMBDA_FUNCTION_NAME";
  private static final Set<String> FUNCTION_TYPES = Set.of("AWS::Serverless::Function", "AWS::Lambda::Function");

  private SamTemplate() {}

  /**
   * @param function the function's logical id; required when the template defines several
   * @param given parameter values ({@code --parameter NAME=VALUE}), over the template's defaults
   * @param stackName the stack's name, the pseudo parameter {@code AWS::StackName}, if known
   */
  static Deployment read(Path file, Optional<String> function, Map<String, String> given,
      Optional<String> stackName) throws CheckException {
    Map<String, Object> template = load(file);
    Map<?, ?> resources = mapping(template.get("Resources"));
    String id = chooseFunction(file, function, functionIds(resources));
    Map<?, ?> properties = mapping(mapping(resources.get(id)).get("Properties"));

    Map<?, ?> declaredParameters = mapping(template.get("Parameters"));
    Map<String, String> parameters = new TreeMap<>();
    for (Map.Entry<?, ?> parameter : declaredParameters.entrySet()) {
      Object fallback = mapping(parameter.getValue()).get("Default");
      if (fallback != null) {
        parameters.put(String.valueOf(parameter.getKey()), String.valueOf(fallback));
      }
    }
    Set<String> declaredNames = new TreeSet<>();
    declaredParameters.keySet().forEach(k -> declaredNames.add(String.valueOf(k)));
    for (Map.Entry<String, String> parameter : given.entrySet()) {
      if (!declaredNames.contains(parameter.getKey())) {
        throw new CheckException("--parameter " + parameter.getKey() + ": the template " + file
            + " declares no such parameter; it declares " + declaredNames);
      }
      parameters.put(parameter.getKey(), parameter.getValue());
    }
    stackName.ifPresent(name -> parameters.put(STACK_NAME, name));
    Set<String> resourceNames = new TreeSet<>();
    resources.keySet().forEach(k -> resourceNames.add(String.valueOf(k)));
    Intrinsics intrinsics =
        new Intrinsics(parameters, declaredNames, resourceNames, mapping(template.get("Conditions")));

    Map<Object, Object> variables = new LinkedHashMap<>();
    Map<?, ?> globals = mapping(mapping(template.get("Globals")).get("Function"));
    variables.putAll(environmentVariables(globals));
    variables.putAll(environmentVariables(properties));
    Map<String, DeployedValue> values = new TreeMap<>();
    for (Map.Entry<Object, Object> variable : variables.entrySet()) {
      Object value = intrinsics.resolve(variable.getValue());
      if (value != Intrinsics.NO_VALUE) {
        values.put(String.valueOf(variable.getKey()), (DeployedValue) value);
      }
    }
    Optional<String> handler = Optional.ofNullable(properties.get("Handler"))
        .filter(String.class::isInstance).map(h -> ((String) h).split("::", 2)[0]);
    // Lambda sets AWS_LAMBDA_FUNCTION_NAME, the encryption context of the console's encrypted variables.
    Map<String, String> platform = new TreeMap<>();
    Object functionName = properties.get("FunctionName");
    if (functionName != null && intrinsics.resolve(functionName) instanceof DeployedValue) {
      DeployedValue name = (DeployedValue) intrinsics.resolve(functionName);
      if (name.resolved()) {
        platform.put(FUNCTION_NAME_VARIABLE, name.text().orElseThrow());
      }
    }
    return new Deployment("SAM template " + file + ", function " + id, values, handler, platform);
  }

  /**
   * The jar of each function (or of the one named), from its {@code CodeUri} (or the Globals'), relative to the
   * template's directory, by logical id.
   *
   * @throws CheckException if a function's code is not a local jar or zip file (an S3 location, a directory
   *     that {@code sam build} would build): pass {@code --jar} for it
   */
  static Map<String, Path> codeJars(Path file, Optional<String> function) throws CheckException {
    Map<String, Object> template = load(file);
    Map<?, ?> resources = mapping(template.get("Resources"));
    Set<String> functions = functionIds(resources);
    Set<String> chosen = function.isPresent() ? Set.of(chooseFunction(file, function, functions)) : functions;
    if (chosen.isEmpty()) {
      throw new CheckException("the template " + file + " defines no function");
    }
    Object globalCode = mapping(mapping(template.get("Globals")).get("Function")).get("CodeUri");
    Path directory = file.toAbsolutePath().getParent();
    Map<String, Path> jars = new TreeMap<>();
    for (String id : chosen) {
      Object own = mapping(mapping(resources.get(id)).get("Properties")).get("CodeUri");
      Object code = own != null ? own : globalCode;
      Path jar = code instanceof String ? directory.resolve((String) code).normalize() : null;
      if (jar == null || !Files.isRegularFile(jar)) {
        throw new CheckException("function " + id + " of " + file + ": its CodeUri names no local jar"
            + (jar == null ? "" : " (" + jar + " does not exist: build it first)")
            + "; pass --function " + id + " --jar FILE");
      }
      jars.put(id, jar);
    }
    return jars;
  }

  private static String chooseFunction(Path file, Optional<String> function, Set<String> functions)
      throws CheckException {
    if (function.isPresent()) {
      if (!functions.contains(function.get())) {
        throw new CheckException("the template " + file + " defines no function " + function.get()
            + "; its functions are " + functions);
      }
      return function.get();
    }
    if (functions.size() != 1) {
      throw new CheckException("the template " + file + " defines " + functions.size() + " functions "
          + functions + ": name one with --function LOGICAL_ID");
    }
    return functions.iterator().next();
  }

  private static Map<String, Object> load(Path file) throws CheckException {
    try {
      return CfnYaml.load(file);
    } catch (IOException e) {
      throw new CheckException("cannot read the template " + file + " (" + e.getClass().getSimpleName() + ")");
    } catch (YAMLException e) {
      throw new CheckException("the template " + file + " is not valid YAML" + EnvVarsYaml.problem(e));
    } catch (IllegalArgumentException e) {
      throw new CheckException("the template " + file + " cannot be read: " + e.getMessage());
    }
  }

  private static Set<String> functionIds(Map<?, ?> resources) {
    Set<String> functions = new TreeSet<>();
    for (Map.Entry<?, ?> resource : resources.entrySet()) {
      if (FUNCTION_TYPES.contains(mapping(resource.getValue()).get("Type"))) {
        functions.add(String.valueOf(resource.getKey()));
      }
    }
    return functions;
  }

  private static Map<?, ?> environmentVariables(Map<?, ?> properties) {
    return mapping(mapping(properties.get("Environment")).get("Variables"));
  }

  private static Map<?, ?> mapping(Object node) {
    return node instanceof Map ? (Map<?, ?>) node : Map.of();
  }
}
