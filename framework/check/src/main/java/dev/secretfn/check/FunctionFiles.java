package dev.secretfn.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The files of a function: its jar or classes directory and its runtime classpath (jars and directories), in
 * that order. Reads every descriptor under {@code META-INF/secretfn/} (a shared module's declarations come
 * from its own jar) and class files by name. The first path that holds a file wins, as on a classpath.
 */
final class FunctionFiles {
  private final List<Path> paths;
  private final Map<String, List<DeclaredSecret>> secrets;
  private final Map<String, ComponentDescriptor> components;

  private FunctionFiles(List<Path> paths, Map<String, List<DeclaredSecret>> secrets,
      Map<String, ComponentDescriptor> components) {
    this.paths = paths;
    this.secrets = secrets;
    this.components = components;
  }

  static FunctionFiles read(List<Path> paths) throws CheckException {
    Map<String, List<DeclaredSecret>> secrets = new TreeMap<>();
    Map<String, ComponentDescriptor> components = new TreeMap<>();
    for (Path path : paths) {
      for (Map.Entry<String, String> file : descriptors(path, DeclaredSecrets.FOLDER).entrySet()) {
        Map.Entry<String, List<DeclaredSecret>> declared = DeclaredSecrets.parse(file.getKey(), file.getValue());
        secrets.putIfAbsent(declared.getKey(), declared.getValue());
      }
      for (Map.Entry<String, String> file : descriptors(path, ComponentDescriptor.FOLDER).entrySet()) {
        ComponentDescriptor component = ComponentDescriptor.parse(file.getKey(), file.getValue());
        components.putIfAbsent(component.component(), component);
      }
    }
    return new FunctionFiles(List.copyOf(paths), Collections.unmodifiableMap(secrets),
        Collections.unmodifiableMap(components));
  }

  /** The paths, function first: what the syntax class loader reads. */
  List<Path> paths() {
    return paths;
  }

  /** The declared secrets by @SecretDeclarations interface. */
  Map<String, List<DeclaredSecret>> secrets() {
    return secrets;
  }

  /** The component descriptors by component name. */
  Map<String, ComponentDescriptor> components() {
    return components;
  }

  /** The class file of {@code className} (binary name, {@code a.b.C$D}), from the first path that holds it. */
  Optional<byte[]> classFile(String className) throws CheckException {
    String entry = className.replace('.', '/') + ".class";
    for (Path path : paths) {
      try {
        if (Files.isDirectory(path)) {
          Path file = path.resolve(entry);
          if (Files.isRegularFile(file)) {
            return Optional.of(Files.readAllBytes(file));
          }
        } else {
          try (JarFile jar = new JarFile(path.toFile())) {
            JarEntry found = jar.getJarEntry(entry);
            if (found != null) {
              try (InputStream in = jar.getInputStream(found)) {
                return Optional.of(in.readAllBytes());
              }
            }
          }
        }
      } catch (IOException e) {
        throw unreadable(path, e);
      }
    }
    return Optional.empty();
  }

  /** The {@code .json} files directly in {@code folder} of {@code path}, by "PATH!/ENTRY", sorted. */
  private static Map<String, String> descriptors(Path path, String folder) throws CheckException {
    Map<String, String> files = new TreeMap<>();
    try {
      if (Files.isDirectory(path)) {
        Path dir = path.resolve(folder);
        if (Files.isDirectory(dir)) {
          List<Path> jsons = new ArrayList<>();
          try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> p.getFileName().toString().endsWith(".json")).forEach(jsons::add);
          }
          for (Path json : jsons) {
            files.put(json.toString(), Files.readString(json, StandardCharsets.UTF_8));
          }
        }
      } else if (Files.isRegularFile(path)) {
        try (JarFile jar = new JarFile(path.toFile())) {
          for (JarEntry entry : Collections.list(jar.entries())) {
            String name = entry.getName();
            if (name.startsWith(folder) && name.endsWith(".json") && name.indexOf('/', folder.length()) < 0) {
              try (InputStream in = jar.getInputStream(entry)) {
                files.put(path + "!/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
              }
            }
          }
        }
      } else {
        throw new CheckException(path + " does not exist: give the function's jar or classes directory");
      }
    } catch (IOException e) {
      throw unreadable(path, e);
    }
    return files;
  }

  private static CheckException unreadable(Path path, IOException e) {
    return new CheckException("cannot read " + path + " (" + e.getClass().getSimpleName()
        + "): give a readable jar or classes directory");
  }
}
