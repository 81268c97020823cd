package dev.secretfn.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An env file as {@code deploy/gcp/deploy-function.sh --env-file} reads it: {@code NAME=VALUE} lines, blank
 * lines and lines starting with {@code #} skipped, a trailing CR dropped, the value everything after the first
 * {@code =}, taken literally. The script's rejections are errors here too (a control character in a value, a
 * name set twice). Errors name the line, never its value.
 */
final class EnvFile {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private EnvFile() {}

  static Deployment read(Path file) throws CheckException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CheckException("cannot read the env file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    Map<String, DeployedValue> variables = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = "env file " + file + " line " + (i + 1);
      int equals = line.indexOf('=');
      if (equals < 0) {
        throw new CheckException(where + ": expected NAME=VALUE");
      }
      String name = line.substring(0, equals);
      if (!NAME.matcher(name).matches()) {
        // Not quoted: a line without a proper name may be a pasted secret.
        throw new CheckException(where + ": the text before '=' is not a variable name (letters, digits and '_',"
            + " not starting with a digit)");
      }
      String value = line.substring(equals + 1);
      if (CONTROL.matcher(value).find()) {
        throw new CheckException(where + ": the value of " + name + " contains a control character");
      }
      if (variables.put(name, DeployedValue.literal(value)) != null) {
        throw new CheckException(where + ": " + name + " is set twice");
      }
    }
    return new Deployment("env file " + file, variables, Optional.empty());
  }
}
