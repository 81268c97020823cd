package dev.secretfn.aws.ssm;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceRules;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parameter Store's rules for names and labels; messages describe the rule and never quote the input. */
final class SsmNames {
  /** The longest name Parameter Store creates (its 2048-character limit includes 1037 reserved for itself). */
  static final int MAX_NAME = 1011;
  static final int MAX_LEVELS = 15;
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern HIERARCHICAL = Pattern.compile("(?:/[A-Za-z0-9_.-]+)+");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z_.-][A-Za-z0-9_.-]{0,99}");
  private static final String NAME_RULE = "the parameter name must be /PATH/NAME (segments of a-z A-Z 0-9 _ . -"
      + " separated by single '/', no '/' at the end) or a plain NAME of those characters without '/'";

  private SsmNames() {}

  static String name(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw new InvalidReferenceException("the parameter name must be 1 to " + MAX_NAME + " characters");
    }
    ReferenceRules.matching(name, name.startsWith("/") ? HIERARCHICAL : PLAIN, NAME_RULE);
    if (name.startsWith("/") && name.chars().filter(c -> c == '/').count() > MAX_LEVELS) {
      throw new InvalidReferenceException("the parameter hierarchy must be at most " + MAX_LEVELS + " levels deep");
    }
    if (reserved(name.startsWith("/") ? name.substring(1) : name)) {
      throw new InvalidReferenceException("a parameter name cannot begin with 'aws' or 'ssm' (any case):"
          + " Parameter Store reserves them");
    }
    return name;
  }

  static String label(String label) {
    ReferenceRules.matching(label, LABEL, "the label must be 1 to 100 characters of a-z A-Z 0-9 _ . - and not"
        + " begin with a digit");
    if (reserved(label)) {
      throw new InvalidReferenceException("a label cannot begin with 'aws' or 'ssm' (any case)");
    }
    return label;
  }

  private static boolean reserved(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    return lower.startsWith("aws") || lower.startsWith("ssm");
  }
}
