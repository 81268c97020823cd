package dev.secretfn.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;

/** A file of template parameters, {@code NAME=VALUE} a line, as deploy scripts keep them. Errors name lines only. */
final class ParameterFile {
  private ParameterFile() {}

  static Map<String, String> read(Path file) throws MojoExecutionException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot read the parameter file " + file + " (" + e.getClass().getSimpleName()
          + ")", e);
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).endsWith("\r") ? lines.get(i).substring(0, lines.get(i).length() - 1) : lines.get(i);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals <= 0) {
        throw new MojoExecutionException(file + " line " + (i + 1) + ": expected NAME=VALUE");
      }
      String name = line.substring(0, equals);
      if (parameters.putIfAbsent(name, line.substring(equals + 1)) != null) {
        throw new MojoExecutionException(file + " line " + (i + 1) + ": " + name + " is given twice");
      }
    }
    return parameters;
  }
}
