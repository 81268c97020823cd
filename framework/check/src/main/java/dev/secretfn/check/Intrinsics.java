package dev.secretfn.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a template value's intrinsic functions where the inputs are known: {@code Ref} and {@code Fn::Sub}
 * of parameters (given, or their {@code Default}), {@code Fn::Join}, and {@code Fn::If} whose condition
 * ({@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}, {@code Condition}) can be evaluated.
 * Anything else (a resource, a pseudo parameter, {@code Fn::GetAtt}, {@code Fn::ImportValue}...) stays
 * unresolved and is named.
 */
final class Intrinsics {
  /** What {@code Ref AWS::NoValue} resolves to: the variable is not set at all. */
  static final Object NO_VALUE = new Object();

  private final Map<String, String> parameters;
  private final Set<String> declared;
  private final Set<String> resources;
  private final Map<?, ?> conditions;

  /**
   * @param parameters each parameter's value (given, else its default); a parameter without either is absent
   * @param declaredParameters every parameter the template declares
   */
  Intrinsics(Map<String, String> parameters, Set<String> declaredParameters, Set<String> resources,
      Map<?, ?> conditions) {
    this.parameters = parameters;
    this.declared = declaredParameters;
    this.resources = resources;
    this.conditions = conditions;
  }

  /** {@code node} as a deployed value, or {@link #NO_VALUE}. */
  Object resolve(Object node) {
    Builder builder = new Builder();
    if (append(node, builder)) {
      return NO_VALUE;
    }
    return builder.build();
  }

  /** Appends {@code node}'s text; true if it is {@code AWS::NoValue}. */
  private boolean append(Object node, Builder out) {
    if (node instanceof String || node instanceof Number || node instanceof Boolean) {
      out.literal(String.valueOf(node));
      return false;
    }
    if (node instanceof Map && ((Map<?, ?>) node).size() == 1) {
      Map.Entry<?, ?> entry = ((Map<?, ?>) node).entrySet().iterator().next();
      String function = String.valueOf(entry.getKey());
      Object argument = entry.getValue();
      switch (function) {
        case "Ref":
          if ("AWS::NoValue".equals(argument)) {
            return true;
          }
          ref(String.valueOf(argument), out);
          return false;
        case "Fn::Sub":
          sub(argument, out);
          return false;
        case "Fn::Join":
          join(argument, out);
          return false;
        case "Fn::If":
          return ifThen(argument, out);
        case "Fn::GetAtt":
          out.unresolved("Fn::GetAtt " + getAtt(argument));
          return false;
        default:
          if (function.startsWith("Fn::")) {
            out.unresolved(function);
            return false;
          }
      }
    }
    out.unresolved(node instanceof List ? "a list" : "a mapping");
    return false;
  }

  private void ref(String name, Builder out) {
    String value = parameters.get(name);
    if (value != null) {
      out.literal(value);
    } else if (declared.contains(name)) {
      out.unresolved("parameter " + name + " (no --parameter " + name + "=... and no Default)");
    } else if (name.startsWith("AWS::")) {
      out.unresolved(name + " (a pseudo parameter)");
    } else if (resources.contains(name)) {
      out.unresolved("Ref " + name + " (a resource of the stack)");
    } else {
      out.unresolved("Ref " + name + " (neither a parameter nor a resource)");
    }
  }

  private void sub(Object argument, Builder out) {
    String text;
    Map<?, ?> variables = Map.of();
    if (argument instanceof String) {
      text = (String) argument;
    } else if (argument instanceof List && ((List<?>) argument).size() == 2
        && ((List<?>) argument).get(0) instanceof String && ((List<?>) argument).get(1) instanceof Map) {
      text = (String) ((List<?>) argument).get(0);
      variables = (Map<?, ?>) ((List<?>) argument).get(1);
    } else {
      out.unresolved("Fn::Sub of an unexpected shape");
      return;
    }
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf("${", i);
      if (open < 0) {
        out.literal(text.substring(i));
        break;
      }
      out.literal(text.substring(i, open));
      int close = text.indexOf('}', open);
      if (close < 0) {
        out.literal(text.substring(open));
        break;
      }
      String name = text.substring(open + 2, close);
      if (name.startsWith("!")) {
        out.literal("${" + name.substring(1) + "}");
      } else if (variables.containsKey(name)) {
        if (append(variables.get(name), out)) {
          out.unresolved("AWS::NoValue in Fn::Sub");
        }
      } else if (name.contains(".") && !name.startsWith("AWS::")) {
        out.unresolved("Fn::GetAtt " + name);
      } else {
        ref(name, out);
      }
      i = close + 1;
    }
  }

  private void join(Object argument, Builder out) {
    if (!(argument instanceof List) || ((List<?>) argument).size() != 2
        || !(((List<?>) argument).get(1) instanceof List)) {
      out.unresolved("Fn::Join of an unexpected shape");
      return;
    }
    String delimiter = String.valueOf(((List<?>) argument).get(0));
    boolean first = true;
    for (Object item : (List<?>) ((List<?>) argument).get(1)) {
      if (!first) {
        out.literal(delimiter);
      }
      first = false;
      if (append(item, out)) {
        out.unresolved("AWS::NoValue in Fn::Join");
      }
    }
  }

  private boolean ifThen(Object argument, Builder out) {
    if (!(argument instanceof List) || ((List<?>) argument).size() != 3) {
      out.unresolved("Fn::If of an unexpected shape");
      return false;
    }
    List<?> branches = (List<?>) argument;
    String condition = String.valueOf(branches.get(0));
    List<String> needs = new ArrayList<>();
    Optional<Boolean> value = condition(condition, needs, new HashSet<>());
    if (value.isEmpty()) {
      out.unresolved("Fn::If on condition " + condition + " (it needs " + String.join(", ", needs) + ")");
      return false;
    }
    return append(branches.get(value.get() ? 1 : 2), out);
  }

  /** The named condition's value, if every input is known; else what it needs, in {@code needs}. */
  private Optional<Boolean> condition(String name, List<String> needs, Set<String> visiting) {
    if (!conditions.containsKey(name)) {
      needs.add("condition " + name + ", which the template does not define");
      return Optional.empty();
    }
    if (!visiting.add(name)) {
      needs.add("condition " + name + ", which refers to itself");
      return Optional.empty();
    }
    try {
      return evaluate(conditions.get(name), needs, visiting);
    } finally {
      visiting.remove(name);
    }
  }

  private Optional<Boolean> evaluate(Object node, List<String> needs, Set<String> visiting) {
    if (node instanceof Map && ((Map<?, ?>) node).size() == 1) {
      Map.Entry<?, ?> entry = ((Map<?, ?>) node).entrySet().iterator().next();
      Object argument = entry.getValue();
      List<?> arguments = argument instanceof List ? (List<?>) argument : List.of();
      switch (String.valueOf(entry.getKey())) {
        case "Condition":
          return condition(String.valueOf(argument), needs, visiting);
        case "Fn::Equals":
          if (arguments.size() == 2) {
            DeployedValue a = text(arguments.get(0));
            DeployedValue b = text(arguments.get(1));
            if (a.resolved() && b.resolved()) {
              return Optional.of(a.text().equals(b.text()));
            }
            needs.addAll(a.unresolved());
            needs.addAll(b.unresolved());
            return Optional.empty();
          }
          break;
        case "Fn::Not":
          if (arguments.size() == 1) {
            return evaluate(arguments.get(0), needs, visiting).map(v -> !v);
          }
          break;
        case "Fn::And":
        case "Fn::Or":
          boolean and = entry.getKey().equals("Fn::And");
          boolean unknown = false;
          for (Object operand : arguments) {
            Optional<Boolean> value = evaluate(operand, needs, visiting);
            if (value.isEmpty()) {
              unknown = true;
            } else if (value.get() != and) {
              return Optional.of(!and); // a false in And, a true in Or decides
            }
          }
          return unknown ? Optional.empty() : Optional.of(and);
        default:
          break;
      }
    }
    needs.add("a condition of an unexpected shape");
    return Optional.empty();
  }

  private DeployedValue text(Object node) {
    Object value = resolve(node);
    return value == NO_VALUE ? DeployedValue.unknown(List.of("AWS::NoValue")) : (DeployedValue) value;
  }

  private static String getAtt(Object argument) {
    if (argument instanceof List) {
      List<String> parts = new ArrayList<>();
      ((List<?>) argument).forEach(p -> parts.add(String.valueOf(p)));
      return String.join(".", parts);
    }
    return String.valueOf(argument);
  }

  /** Collects a value's text, with a placeholder for each unresolved part. */
  private static final class Builder {
    private final StringBuilder text = new StringBuilder();
    private final List<String> unresolved = new ArrayList<>();
    private int firstPlaceholder = -1;
    private boolean anyLiteral;

    void literal(String s) {
      text.append(s);
      anyLiteral |= !s.isEmpty();
    }

    void unresolved(String what) {
      if (firstPlaceholder < 0) {
        firstPlaceholder = text.length();
      }
      text.append(DeployedValue.PLACEHOLDER);
      unresolved.add(what);
    }

    DeployedValue build() {
      if (unresolved.isEmpty()) {
        return DeployedValue.literal(text.toString());
      }
      if (!anyLiteral) {
        return DeployedValue.unknown(unresolved);
      }
      return DeployedValue.partial(text.toString(), firstPlaceholder, unresolved);
    }
  }
}
