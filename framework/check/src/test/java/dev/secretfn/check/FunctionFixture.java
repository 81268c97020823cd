package dev.secretfn.check;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A function's descriptors written by hand in the formats secretfn-compiler writes (see SecretDeclarations'
 * javadoc and the component descriptor format), in a classes directory that can be packed into a jar.
 */
final class FunctionFixture {
  static final String GCS = syntax("dev.secretfn.gcp.storage.CloudStorageModule", "dev.secretfn.gcp.storage.GcsSyntax");
  static final String GCP_KMS = syntax("dev.secretfn.gcp.kms.CloudKmsModule", "dev.secretfn.gcp.kms.GcpKmsSyntax");
  static final String BERGLAS_SM = syntax("dev.secretfn.gcp.secretmanager.SecretManagerModule",
      "dev.secretfn.gcp.secretmanager.BerglasSecretManagerSyntax");
  static final String AWS_KMS = syntax("dev.secretfn.aws.kms.AwsKmsModule", "dev.secretfn.aws.kms.AwsKmsSyntax");
  static final String S3 = syntax("dev.secretfn.aws.s3.S3Module", "dev.secretfn.aws.s3.S3Syntax");
  static final String AWS_SM = syntax("dev.secretfn.aws.secretsmanager.SecretsManagerModule",
      "dev.secretfn.aws.secretsmanager.SecretsManagerSyntax");
  static final String SSM = syntax("dev.secretfn.aws.ssm.SsmModule", "dev.secretfn.aws.ssm.SsmSyntax");

  private final Path classes;

  private FunctionFixture(Path classes) {
    this.classes = classes;
  }

  static FunctionFixture in(Path dir) throws IOException {
    return new FunctionFixture(Files.createDirectories(dir.resolve("classes")));
  }

  /** Writes the secrets descriptor of {@code declarations} with these {@link #secret} entries. */
  FunctionFixture secrets(String declarations, String... secrets) throws IOException {
    write(DeclaredSecrets.FOLDER + declarations + ".json", "{\"format\":1,\"declarations\":\"" + declarations
        + "\",\"secrets\":[" + String.join(",", secrets) + "]}");
    return this;
  }

  /** Writes a component descriptor installing {@code declarations}, binding these {@link #syntax}es. */
  FunctionFixture component(String component, String factory, List<String> declarations, String... syntaxes)
      throws IOException {
    List<String> quoted = new ArrayList<>();
    declarations.forEach(d -> quoted.add("\"" + d + "\""));
    write(ComponentDescriptor.FOLDER + component + ".json", "{\"format\":1,\"component\":\"" + component
        + "\",\"factory\":\"" + factory + "\",\"declarations\":[" + String.join(",", quoted) + "],\"syntaxes\":["
        + String.join(",", syntaxes) + "],\"modules\":[]}");
    return this;
  }

  /** A component with one declarations interface, its factory named after it. */
  FunctionFixture component(String component, String declarations, String... syntaxes) throws IOException {
    int dot = component.lastIndexOf('.');
    return component(component, component.substring(0, dot + 1) + "Dagger" + component.substring(dot + 1),
        List.of(declarations), syntaxes);
  }

  FunctionFixture write(String path, String content) throws IOException {
    Path file = classes.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, UTF_8);
    return this;
  }

  /** The classes directory. */
  Path classes() {
    return classes;
  }

  /** The classes directory packed into {@code jar}. */
  Path jar(Path jar) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(classes)) {
      walk.filter(Files::isRegularFile).sorted().forEach(files::add);
    }
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
      for (Path file : files) {
        zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
    }
    return jar;
  }

  /** One entry of a secrets descriptor. */
  static String secret(String variable, String type, boolean required, String encrypted, Integer refreshSeconds) {
    return "{\"variable\":\"" + variable + "\",\"type\":\"" + type + "\",\"required\":" + required
        + ",\"hasDefault\":false,\"encrypted\":" + (encrypted == null ? "null" : "\"" + encrypted + "\"")
        + ",\"refreshMaxAgeSeconds\":" + refreshSeconds + "}";
  }

  static String required(String variable) {
    return secret(variable, "Secret", true, null, null);
  }

  static String optional(String variable) {
    return secret(variable, "Secret", false, null, null);
  }

  /** A {@code @Binds} syntax binding. */
  static String syntax(String module, String type) {
    return "{\"module\":\"" + module + "\",\"class\":\"" + type + "\"}";
  }

  /** A static {@code @Provides} syntax binding. */
  static String method(String module, String method) {
    return "{\"module\":\"" + module + "\",\"method\":\"" + method + "\"}";
  }

  static String unsupported(String module, String method) {
    return "{\"module\":\"" + module + "\",\"method\":\"" + method + "\",\"unsupported\":true}";
  }
}
