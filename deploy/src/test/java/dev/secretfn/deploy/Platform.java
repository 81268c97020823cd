package dev.secretfn.deploy;

import java.nio.file.Path;
import java.util.List;

/** The deploy scripts of one cloud: their directory under deploy/ and the CLIs they call. */
enum Platform {
  GCP("gcp", List.of("gcloud", "gsutil")),
  AWS("aws", List.of("aws", "sam"));

  /** The deploy module's directory. */
  static final Path MODULE = module();
  /** deploy/common: the shell helpers and SecretHelper.java that both platforms' scripts use. */
  static final Path COMMON = MODULE.resolve("common");

  /** deploy/gcp or deploy/aws. */
  final Path scripts;
  /** The cloud CLIs that the scripts run, each replaced by the recording stand-in in tests. */
  final List<String> clis;

  Platform(String directory, List<String> clis) {
    this.scripts = module().resolve(directory);
    this.clis = clis;
  }

  /** The module directory that Surefire runs the tests in. */
  private static Path module() {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  }
}
