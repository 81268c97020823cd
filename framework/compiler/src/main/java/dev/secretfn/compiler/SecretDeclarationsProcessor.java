package dev.secretfn.compiler;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import javax.tools.StandardLocation;

/**
 * Generates a Dagger module from each {@code @SecretDeclarations} interface: one {@code @SecretVar} binding
 * per method, and the set of {@code SecretDeclaration}s that makes start-up resolve them all. A method that
 * returns {@code Refreshing<Secret>} or {@code Refreshing<String>} with {@code @Refresh(maxAgeSeconds = N)}
 * declares a refreshing secret and binds its holder.
 *
 * <p>It also writes {@code META-INF/secretfn/secrets/<interface>.json} to the class output, a description of
 * the declared secrets (never their default values) that a pre-deploy check reads from the function's jar.
 *
 * <p>Works on annotation mirrors and names only, so it needs no secretfn class on the processor path. Every
 * mistake is reported on the offending element with the rule and the fix.
 */
public final class SecretDeclarationsProcessor extends AbstractProcessor {
  static final String DECLARATIONS = "dev.secretfn.SecretDeclarations";
  private static final String SECRET_VAR = "dev.secretfn.SecretVar";
  private static final String ENCRYPTED = "dev.secretfn.Encrypted";
  private static final String DEFAULT_VALUE = "dev.secretfn.DefaultValue";
  private static final String REFRESH = "dev.secretfn.Refresh";
  private static final String REFRESHING = "dev.secretfn.Refreshing";
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

  /** What a declaration method may return, and how the generated binding produces it. */
  private enum Shape {
    SECRET("dev.secretfn.Secret", "Secret", "secrets.get(%s)", false, false),
    STRING("java.lang.String", "String", "secrets.get(%s).revealString()", false, true),
    BYTES("byte[]", "byte[]", "secrets.get(%s).revealBytes()", false, false),
    CHARS("char[]", "char[]", "secrets.get(%s).revealChars()", false, true),
    OPTIONAL_SECRET("java.util.Optional<dev.secretfn.Secret>", "Secret", "secrets.find(%s)", true, false),
    OPTIONAL_STRING(
        "java.util.Optional<java.lang.String>", "String", "secrets.find(%s).map(dev.secretfn.Secret::revealString)",
        true, true),
    REFRESHING_SECRET(
        "dev.secretfn.Refreshing<dev.secretfn.Secret>", "Secret", "secrets.refreshing(%s)", false, false, true),
    REFRESHING_STRING(
        "dev.secretfn.Refreshing<java.lang.String>", "String", "secrets.refreshingString(%s)", false, true, true);

    final String type;
    /** The injected value's type in the descriptor, without its Optional or Refreshing wrapper. */
    final String valueType;
    final String expression;
    final boolean optional;
    /** Injected as text: start-up checks the secret is UTF-8. */
    final boolean text;
    /** A {@code Refreshing} holder: needs {@code @Refresh}. */
    final boolean refreshing;

    Shape(String type, String valueType, String expression, boolean optional, boolean text) {
      this(type, valueType, expression, optional, text, false);
    }

    Shape(String type, String valueType, String expression, boolean optional, boolean text, boolean refreshing) {
      this.type = type;
      this.valueType = valueType;
      this.expression = expression;
      this.optional = optional;
      this.text = text;
      this.refreshing = refreshing;
    }

    static Optional<Shape> of(TypeMirror type) {
      String name = type.toString();
      for (Shape shape : values()) {
        if (shape.type.equals(name)) {
          return Optional.of(shape);
        }
      }
      return Optional.empty();
    }
  }

  /** One validated method of a declarations interface. */
  private static final class Declared {
    final String method;
    final String variable;
    final Shape shape;
    final Optional<String> kms;
    final Optional<String> defaultValue;
    /** The maximum age of a refreshing secret, in seconds. */
    final Optional<Integer> refreshSeconds;

    Declared(String method, String variable, Shape shape, Optional<String> kms, Optional<String> defaultValue,
        Optional<Integer> refreshSeconds) {
      this.method = method;
      this.variable = variable;
      this.shape = shape;
      this.kms = kms;
      this.defaultValue = defaultValue;
      this.refreshSeconds = refreshSeconds;
    }
  }

  /** Claims the annotations that only secretfn reads, so that -Xlint:processing stays quiet for users. */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(DECLARATIONS, SECRET_VAR, ENCRYPTED, DEFAULT_VALUE, REFRESH);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      if (!annotation.getQualifiedName().contentEquals(DECLARATIONS)) {
        continue;
      }
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        if (element.getKind() != ElementKind.INTERFACE) {
          error(element, "@SecretDeclarations goes on an interface whose methods declare secrets");
          continue;
        }
        TypeElement type = (TypeElement) element;
        List<Declared> declared = validate(type);
        if (declared != null) {
          write(type, declared);
          writeDescriptor(type, declared);
        }
      }
    }
    return true;
  }

  /** Returns the declarations, or null after reporting errors. */
  private List<Declared> validate(TypeElement type) {
    boolean ok = true;
    if (!type.getTypeParameters().isEmpty()) {
      error(type, "a @SecretDeclarations interface cannot have type parameters");
      ok = false;
    }
    Map<String, Declared> byVariable = new LinkedHashMap<>();
    for (Element member : type.getEnclosedElements()) {
      if (member.getKind() != ElementKind.METHOD) {
        continue;
      }
      ExecutableElement method = (ExecutableElement) member;
      if (method.getModifiers().contains(Modifier.STATIC) || method.getModifiers().contains(Modifier.DEFAULT)) {
        error(method, "a @SecretDeclarations interface holds only abstract methods that declare secrets");
        ok = false;
        continue;
      }
      Optional<String> variable = stringValue(method, SECRET_VAR);
      if (variable.isEmpty()) {
        error(method, "each method declares one secret: annotate it with @SecretVar(\"VARIABLE_NAME\")");
        ok = false;
        continue;
      }
      if (!VARIABLE.matcher(variable.get()).matches()) {
        error(method, "@SecretVar needs an environment variable name: letters, digits and '_', not starting"
            + " with a digit");
        ok = false;
        continue;
      }
      if (!method.getParameters().isEmpty() || !method.getTypeParameters().isEmpty()) {
        error(method, "a secret declaration method takes no parameters and no type parameters");
        ok = false;
        continue;
      }
      Optional<Shape> shape = Shape.of(method.getReturnType());
      boolean refreshingType = processingEnv.getTypeUtils().erasure(method.getReturnType()).toString()
          .equals(REFRESHING);
      boolean hasRefresh = method.getAnnotationMirrors().stream()
          .anyMatch(m -> m.getAnnotationType().toString().equals(REFRESH));
      Optional<AnnotationValue> refresh = annotationValue(method, REFRESH, "maxAgeSeconds");
      if (refreshingType && shape.isEmpty()) {
        error(method, "a refreshing secret is injected as Refreshing<Secret> or Refreshing<String>, not "
            + method.getReturnType());
        ok = false;
        continue;
      }
      if (hasRefresh && !refreshingType) {
        error(method, "@Refresh goes on a method that returns Refreshing<Secret> or Refreshing<String>, not "
            + method.getReturnType() + ": return Refreshing<...> to read the secret's newest value per request,"
            + " or drop @Refresh to resolve it once at start-up");
        ok = false;
        continue;
      }
      if (refreshingType && !hasRefresh) {
        error(method, "a Refreshing secret needs its maximum age: add @Refresh(maxAgeSeconds = N), N at least 1");
        ok = false;
        continue;
      }
      Optional<Integer> refreshSeconds = refresh.map(v -> (Integer) v.getValue());
      if (refreshSeconds.isPresent() && refreshSeconds.get() < 1) {
        error(method, "@Refresh(maxAgeSeconds) must be at least 1, not " + refreshSeconds.get());
        ok = false;
        continue;
      }
      if (shape.isEmpty()) {
        error(method, "a secret is injected as Secret, String, byte[], char[], Optional<Secret> or"
            + " Optional<String> (or, with @Refresh, Refreshing<Secret> or Refreshing<String>), not "
            + method.getReturnType());
        ok = false;
        continue;
      }
      Optional<String> defaultValue = stringValue(method, DEFAULT_VALUE);
      if (defaultValue.isPresent() && shape.get().optional) {
        error(method, "with @DefaultValue the secret is never absent: return Secret or String, not Optional");
        ok = false;
        continue;
      }
      if (defaultValue.isPresent() && shape.get().refreshing) {
        error(method, "a refreshing secret is required and has no default: drop @DefaultValue, or drop @Refresh"
            + " and return Secret or String");
        ok = false;
        continue;
      }
      Declared declaration = new Declared(method.getSimpleName().toString(), variable.get(), shape.get(),
          enumValue(method, ENCRYPTED), defaultValue, refreshSeconds);
      if (byVariable.putIfAbsent(variable.get(), declaration) != null) {
        error(method, variable.get() + " is declared twice in this interface: declare each variable once");
        ok = false;
      }
    }
    if (ok && byVariable.isEmpty()) {
      error(type, "this @SecretDeclarations interface declares no secret");
      ok = false;
    }
    return ok ? new ArrayList<>(byVariable.values()) : null;
  }

  private void write(TypeElement type, List<Declared> declared) {
    PackageElement pkg = processingEnv.getElementUtils().getPackageOf(type);
    String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
    String moduleName = flatName(type, pkg) + "Module";
    String qualifiedModule = packageName.isEmpty() ? moduleName : packageName + "." + moduleName;
    StringBuilder src = new StringBuilder();
    if (!packageName.isEmpty()) {
      src.append("package ").append(packageName).append(";\n\n");
    }
    src.append("/**\n * Dagger bindings and start-up declarations for the secrets of {@link ")
        .append(type.getQualifiedName()).append("}.\n * Generated by secretfn-compiler; do not edit.\n */\n")
        .append("@javax.annotation.processing.Generated(\"").append(getClass().getName()).append("\")\n")
        .append("@dagger.Module(includes = dev.secretfn.internal.ResolutionModule.class)\n")
        .append("public final class ").append(moduleName).append(" {\n")
        .append("  private ").append(moduleName).append("() {}\n\n")
        .append("  /** The declarations of every secret, in source order. */\n")
        .append("  public static java.util.List<dev.secretfn.SecretDeclaration> declarations() {\n")
        .append("    return java.util.List.of(");
    for (int i = 0; i < declared.size(); i++) {
      src.append(i == 0 ? "\n        " : ",\n        ").append(declaration(declared.get(i)));
    }
    src.append(");\n  }\n\n")
        .append("  @dagger.Provides\n  @dagger.multibindings.ElementsIntoSet\n")
        .append("  static java.util.Set<dev.secretfn.SecretDeclaration> secretfnDeclarations() {\n")
        .append("    return new java.util.LinkedHashSet<>(declarations());\n  }\n");
    for (Declared d : declared) {
      src.append("\n  @dagger.Provides\n  @dev.secretfn.SecretVar(").append(literal(d.variable)).append(")\n")
          .append("  static ").append(d.shape.type).append(" ").append(d.method)
          .append("(dev.secretfn.ResolvedSecrets secrets) {\n")
          .append("    return ").append(String.format(d.shape.expression, literal(d.variable))).append(";\n")
          .append("  }\n");
    }
    src.append("}\n");
    try (Writer writer = processingEnv.getFiler().createSourceFile(qualifiedModule, type).openWriter()) {
      writer.write(src.toString());
    } catch (IOException e) {
      error(type, "could not write " + qualifiedModule + ": " + e.getMessage());
    }
  }

  /** Where the descriptor of a declarations interface goes, in the class output (and so in the jar). */
  static String descriptorPath(String qualifiedInterface) {
    return "META-INF/secretfn/secrets/" + qualifiedInterface + ".json";
  }

  /**
   * Writes the machine-readable description of the interface's secrets, for checks that run before a
   * deployment. Never holds a default value: only whether there is one.
   */
  private void writeDescriptor(TypeElement type, List<Declared> declared) {
    String qualified = type.getQualifiedName().toString();
    String path = descriptorPath(qualified);
    try (Writer writer = processingEnv.getFiler()
        .createResource(StandardLocation.CLASS_OUTPUT, "", path, type).openWriter()) {
      writer.write(descriptor(qualified, declared));
    } catch (IOException e) {
      error(type, "could not write " + path + ": " + e.getMessage());
    }
  }

  /** The descriptor's JSON, format 1: secrets sorted by variable, one per line. */
  private static String descriptor(String qualifiedInterface, List<Declared> declared) {
    List<Declared> sorted = new ArrayList<>(declared);
    sorted.sort(Comparator.comparing(d -> d.variable));
    StringBuilder json = new StringBuilder("{\"format\":1,\"declarations\":")
        .append(jsonString(qualifiedInterface)).append(",\"secrets\":[");
    for (int i = 0; i < sorted.size(); i++) {
      Declared d = sorted.get(i);
      json.append(i == 0 ? "\n  " : ",\n  ")
          .append("{\"variable\":").append(jsonString(d.variable))
          .append(",\"type\":").append(jsonString(d.shape.valueType))
          .append(",\"required\":").append(!d.shape.optional && d.defaultValue.isEmpty())
          .append(",\"hasDefault\":").append(d.defaultValue.isPresent())
          .append(",\"encrypted\":").append(d.kms.map(SecretDeclarationsProcessor::jsonString).orElse("null"))
          .append(",\"refreshMaxAgeSeconds\":").append(d.refreshSeconds.map(String::valueOf).orElse("null"))
          .append('}');
    }
    return json.append(sorted.isEmpty() ? "]}\n" : "\n]}\n").toString();
  }

  /**
   * A JSON string for {@code s} (RFC 8259): quotes, backslashes and control characters escaped, ASCII only. Also
   * a valid Java string literal ({@link #literal}).
   */
  static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }

  private static String declaration(Declared d) {
    String base;
    if (d.defaultValue.isPresent()) {
      base = "dev.secretfn.SecretDeclaration.optional(" + literal(d.variable) + ", "
          + literal(d.defaultValue.get()) + ")";
    } else if (d.shape.optional) {
      base = "dev.secretfn.SecretDeclaration.optional(" + literal(d.variable) + ")";
    } else {
      base = "dev.secretfn.SecretDeclaration.required(" + literal(d.variable) + ")";
    }
    String encrypted = d.kms.map(k -> base + ".encryptedWith(dev.secretfn.Kms." + k + ")").orElse(base);
    String text = d.shape.text ? encrypted + ".text()" : encrypted;
    return d.refreshSeconds
        .map(seconds -> text + ".refreshing(java.time.Duration.ofSeconds(" + seconds + "))")
        .orElse(text);
  }

  /** Outer_Inner for nested interfaces, so that generated names never collide. */
  private static String flatName(TypeElement type, PackageElement pkg) {
    String qualified = type.getQualifiedName().toString();
    String local = pkg.isUnnamed() ? qualified : qualified.substring(pkg.getQualifiedName().length() + 1);
    return local.replace('.', '_');
  }

  private static Optional<String> stringValue(Element element, String annotation) {
    return annotationValue(element, annotation).map(v -> (String) v.getValue());
  }

  private static Optional<String> enumValue(Element element, String annotation) {
    return annotationValue(element, annotation).map(v -> ((Element) v.getValue()).getSimpleName().toString());
  }

  private static Optional<AnnotationValue> annotationValue(Element element, String annotation) {
    return annotationValue(element, annotation, "value");
  }

  private static Optional<AnnotationValue> annotationValue(Element element, String annotation, String member) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (mirror.getAnnotationType().toString().equals(annotation)) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
            : mirror.getElementValues().entrySet()) {
          if (entry.getKey().getSimpleName().contentEquals(member)) {
            return Optional.of(entry.getValue());
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A Java string literal for {@code s}: the JSON string is one too, since both languages read the same escapes
   * (a backslash-u escape for any other control character, never for a line break or a quote).
   */
  static String literal(String s) {
    return jsonString(s);
  }

  private void error(Element element, String message) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
  }
}
