package dev.secretfn.gcp.secretmanager;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceRules;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Secret Manager's name rules, shared by both schemes; messages state the rule and never quote the input. */
final class SecretManagerNames {
  /** A project id (as Cloud KMS names take it, domain-scoped ids included) or a project number. */
  private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9.:-]{0,62}[a-z0-9]|[1-9][0-9]{0,18}");
  private static final Pattern LOCATION = Pattern.compile("[a-z0-9-]{1,63}");
  private static final Pattern SECRET = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
  static final String LATEST = "latest";

  private SecretManagerNames() {}

  static String project(String project) {
    return ReferenceRules.matching(project, PROJECT, "the project must be a Google Cloud project id (2 to 64"
        + " lowercase letters, digits, '-', '.' and ':', starting with a letter and ending with a letter or digit)"
        + " or a project number");
  }

  static String location(String location) {
    ReferenceRules.matching(location, LOCATION, "the location must be a Secret Manager region such as us-central1");
    if (location.equals("global")) {
      throw new InvalidReferenceException("a global secret's name has no '/locations/' part: write"
          + " projects/PROJECT/secrets/SECRET/versions/VERSION");
    }
    return location;
  }

  static String secret(String secret) {
    return ReferenceRules.matching(secret, SECRET,
        "the secret id must be 1 to 255 letters, digits, '_' and '-'");
  }

  /** A version as written: a positive decimal number, or {@code latest} (empty). */
  static OptionalLong version(String written) {
    if (written.equals(LATEST)) {
      return OptionalLong.empty();
    }
    if (written.isEmpty() || !written.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidReferenceException("the version must be a positive number or 'latest' (version aliases"
          + " are not supported: pin the number the alias points at)");
    }
    return OptionalLong.of(ReferenceRules.positive(written, "version"));
  }

  /** The version as Secret Manager's API names it. */
  static String written(OptionalLong version) {
    return version.isPresent() ? Long.toString(version.getAsLong()) : LATEST;
  }
}
