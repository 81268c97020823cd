package dev.secretfn.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A function's jar as the pre-deploy check reads it: only the two descriptors that secretfn-compiler writes
 * under META-INF/secretfn/ (the formats of framework/check's FunctionFixture), no classes. The syntaxes named are
 * built-in ones, which the check's cli jar carries, so it needs nothing else from the jar.
 */
final class FunctionJar {
  /** The check's executable jar, copied into the build by deploy/pom.xml. */
  static final Path CHECK_CLI = Path.of(System.getProperty("secretfn.check.cli",
      Platform.MODULE.resolve("target/check-cli/secretfn-check-cli.jar").toString()));

  static final String GCP_KMS = syntax("dev.secretfn.gcp.kms.CloudKmsModule", "dev.secretfn.gcp.kms.GcpKmsSyntax");
  static final String GCS = syntax("dev.secretfn.gcp.storage.CloudStorageModule", "dev.secretfn.gcp.storage.GcsSyntax");
  static final String AWS_KMS = syntax("dev.secretfn.aws.kms.AwsKmsModule", "dev.secretfn.aws.kms.AwsKmsSyntax");
  static final String S3 = syntax("dev.secretfn.aws.s3.S3Module", "dev.secretfn.aws.s3.S3Syntax");
  static final String AWS_SM = syntax("dev.secretfn.aws.secretsmanager.SecretsManagerModule",
      "dev.secretfn.aws.secretsmanager.SecretsManagerSyntax");
  static final String SSM = syntax("dev.secretfn.aws.ssm.SsmModule", "dev.secretfn.aws.ssm.SsmSyntax");

  private final String declarations;
  private final List<String> secrets;
  private final String component;
  private final List<String> syntaxes;

  private FunctionJar(String declarations, List<String> secrets, String component, List<String> syntaxes) {
    this.declarations = declarations;
    this.secrets = secrets;
    this.component = component;
    this.syntaxes = syntaxes;
  }

  /**
   * A function whose component {@code component} installs the one interface {@code declarations}, declaring
   * {@code secrets} (see {@link #secret}), and binds {@code syntaxes}.
   */
  static FunctionJar of(String component, List<String> syntaxes, String declarations, String... secrets) {
    return new FunctionJar(declarations, List.of(secrets), component, List.copyOf(syntaxes));
  }

  /** Writes the jar to {@code jar} (creating its directory) and returns it. */
  Path writeTo(Path jar) throws IOException {
    assertThat(CHECK_CLI).as("the check's cli jar (deploy/pom.xml copies it)").isRegularFile();
    int dot = component.lastIndexOf('.');
    String factory = component.substring(0, dot + 1) + "Dagger" + component.substring(dot + 1);
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
      entry(zip, "META-INF/secretfn/secrets/" + declarations + ".json", "{\"format\":1,\"declarations\":\""
          + declarations + "\",\"secrets\":[" + String.join(",", secrets) + "]}");
      entry(zip, "META-INF/secretfn/components/" + component + ".json", "{\"format\":1,\"component\":\""
          + component + "\",\"factory\":\"" + factory + "\",\"declarations\":[\"" + declarations
          + "\"],\"syntaxes\":[" + String.join(",", syntaxes) + "],\"modules\":[]}");
    }
    return jar;
  }

  private static void entry(JarOutputStream zip, String name, String content) throws IOException {
    zip.putNextEntry(new JarEntry(name));
    zip.write(content.getBytes(UTF_8));
    zip.closeEntry();
  }

  /** One declared secret; {@code encrypted} is null, "GCP" or "AWS". */
  static String secret(String variable, String type, boolean required, String encrypted) {
    return "{\"variable\":\"" + variable + "\",\"type\":\"" + type + "\",\"required\":" + required
        + ",\"hasDefault\":false,\"encrypted\":" + (encrypted == null ? "null" : "\"" + encrypted + "\"")
        + ",\"refreshMaxAgeSeconds\":null}";
  }

  static String required(String variable) {
    return secret(variable, "Secret", true, null);
  }

  /** A {@code @Binds} syntax binding of a store module. */
  static String syntax(String module, String type) {
    return "{\"module\":\"" + module + "\",\"class\":\"" + type + "\"}";
  }
}
