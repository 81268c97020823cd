package dev.secretfn.compiler;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import javax.tools.StandardLocation;

/**
 * Writes {@code META-INF/secretfn/components/<component>.json} for each Dagger {@code @Component}: the
 * {@code @SecretDeclarations} interfaces whose generated modules it installs and the reference syntaxes its
 * modules bind, so that a pre-deploy check knows which secrets a function declares and which schemes it reads
 * without running it.
 *
 * <p>A processor of its own because it must never claim {@code @Component}: it returns false, so Dagger still
 * sees every component. It writes in the last round, once the declaration modules that secretfn-compiler
 * generates in the first round exist as types.
 */
public final class ComponentDescriptorProcessor extends AbstractProcessor {
  static final String COMPONENT = "dagger.Component";
  private static final String MODULE = "dagger.Module";
  private static final String BINDS = "dagger.Binds";
  private static final String PROVIDES = "dagger.Provides";
  private static final String INTO_SET = "dagger.multibindings.IntoSet";
  private static final String ELEMENTS_INTO_SET = "dagger.multibindings.ElementsIntoSet";
  private static final String SYNTAX = "dev.secretfn.ref.ReferenceSyntax";
  /** The multibinding method every generated declarations module has. */
  private static final String DECLARATIONS_METHOD = "secretfnDeclarations";

  private final Set<String> components = new TreeSet<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(COMPONENT);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        if (element instanceof TypeElement) {
          components.add(((TypeElement) element).getQualifiedName().toString());
        }
      }
    }
    if (round.processingOver()) {
      for (String component : components) {
        TypeElement type = processingEnv.getElementUtils().getTypeElement(component);
        if (type != null) {
          write(type);
        }
      }
      components.clear();
    }
    return false;
  }

  /** Where the descriptor of a component goes, in the class output (and so in the jar). */
  static String descriptorPath(String qualifiedComponent) {
    return "META-INF/secretfn/components/" + qualifiedComponent + ".json";
  }

  private void write(TypeElement component) {
    Elements elements = processingEnv.getElementUtils();
    Set<String> modules = new TreeSet<>();
    Set<String> declarations = new TreeSet<>();
    List<String> syntaxes = new ArrayList<>();
    Deque<TypeElement> pending = new ArrayDeque<>(classes(component, COMPONENT, "modules"));
    Set<String> seen = new LinkedHashSet<>();
    while (!pending.isEmpty()) {
      TypeElement module = pending.pop();
      String name = elements.getBinaryName(module).toString();
      if (!seen.add(name)) {
        continue;
      }
      modules.add(name);
      pending.addAll(classes(module, MODULE, "includes"));
      for (Element member : module.getEnclosedElements()) {
        if (member.getKind() != ElementKind.METHOD) {
          continue;
        }
        ExecutableElement method = (ExecutableElement) member;
        if (method.getSimpleName().contentEquals(DECLARATIONS_METHOD) && has(method, ELEMENTS_INTO_SET)) {
          declarations.add(declarationsOf(module));
        } else if (returns(method, SYNTAX) && has(method, INTO_SET)) {
          syntaxes.add(syntax(name, method));
        } else if (has(method, ELEMENTS_INTO_SET) && method.getReturnType().toString().contains(SYNTAX)) {
          syntaxes.add(unsupported(name, method));
        }
      }
    }
    syntaxes.sort(null);
    String qualified = component.getQualifiedName().toString();
    String path = descriptorPath(qualified);
    try (Writer writer = processingEnv.getFiler()
        .createResource(StandardLocation.CLASS_OUTPUT, "", path, component).openWriter()) {
      writer.write(json(qualified, factory(component), declarations, syntaxes, modules));
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(
          Diagnostic.Kind.ERROR, "could not write " + path + ": " + e.getMessage(), component);
    }
  }

  /** A {@code @Binds} syntax names its implementation; a static no-argument {@code @Provides} its method. */
  private String syntax(String module, ExecutableElement method) {
    if (has(method, BINDS) && method.getParameters().size() == 1) {
      TypeMirror parameter = method.getParameters().get(0).asType();
      if (parameter.getKind() == TypeKind.DECLARED) {
        TypeElement implementation = (TypeElement) ((DeclaredType) parameter).asElement();
        return "{\"module\":" + SecretDeclarationsProcessor.jsonString(module) + ",\"class\":"
            + SecretDeclarationsProcessor.jsonString(
                processingEnv.getElementUtils().getBinaryName(implementation).toString()) + "}";
      }
    }
    if (has(method, PROVIDES) && method.getParameters().isEmpty()
        && method.getModifiers().contains(Modifier.STATIC)) {
      return "{\"module\":" + SecretDeclarationsProcessor.jsonString(module) + ",\"method\":"
          + SecretDeclarationsProcessor.jsonString(method.getSimpleName().toString()) + "}";
    }
    return unsupported(module, method);
  }

  private static String unsupported(String module, ExecutableElement method) {
    return "{\"module\":" + SecretDeclarationsProcessor.jsonString(module) + ",\"method\":"
        + SecretDeclarationsProcessor.jsonString(method.getSimpleName().toString()) + ",\"unsupported\":true}";
  }

  /**
   * The interface a generated declarations module belongs to: {@code app.OrderSecretsModule} for
   * {@code app.OrderSecrets}, {@code app.Outer_InnerModule} for {@code app.Outer.Inner}.
   */
  private String declarationsOf(TypeElement module) {
    Elements elements = processingEnv.getElementUtils();
    PackageElement pkg = elements.getPackageOf(module);
    String prefix = pkg.isUnnamed() ? "" : pkg.getQualifiedName() + ".";
    String simple = module.getSimpleName().toString();
    String flat = simple.endsWith("Module") ? simple.substring(0, simple.length() - "Module".length()) : simple;
    String nested = prefix + flat.replace('_', '.');
    if (elements.getTypeElement(nested) != null) {
      return nested;
    }
    return prefix + flat;
  }

  /** Dagger's generated factory: {@code DaggerOuter_Inner} in the component's package. */
  private String factory(TypeElement component) {
    PackageElement pkg = processingEnv.getElementUtils().getPackageOf(component);
    String qualified = component.getQualifiedName().toString();
    String local = pkg.isUnnamed() ? qualified : qualified.substring(pkg.getQualifiedName().length() + 1);
    return (pkg.isUnnamed() ? "" : pkg.getQualifiedName() + ".") + "Dagger" + local.replace('.', '_');
  }

  private static String json(String component, String factory, Set<String> declarations, List<String> syntaxes,
      Set<String> modules) {
    StringBuilder json = new StringBuilder("{\"format\":1,\"component\":")
        .append(SecretDeclarationsProcessor.jsonString(component))
        .append(",\"factory\":").append(SecretDeclarationsProcessor.jsonString(factory))
        .append(",\n\"declarations\":[");
    appendStrings(json, declarations);
    json.append("],\n\"syntaxes\":[");
    for (int i = 0; i < syntaxes.size(); i++) {
      json.append(i == 0 ? "\n  " : ",\n  ").append(syntaxes.get(i));
    }
    json.append(syntaxes.isEmpty() ? "],\n\"modules\":[" : "\n],\n\"modules\":[");
    appendStrings(json, modules);
    return json.append("]}\n").toString();
  }

  private static void appendStrings(StringBuilder json, Set<String> values) {
    int i = 0;
    for (String value : values) {
      json.append(i++ == 0 ? "" : ",").append(SecretDeclarationsProcessor.jsonString(value));
    }
  }

  /** The classes of a {@code Class[]} member of an annotation on {@code element}. */
  private static List<TypeElement> classes(Element element, String annotation, String member) {
    List<TypeElement> classes = new ArrayList<>();
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (!mirror.getAnnotationType().toString().equals(annotation)) {
        continue;
      }
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
          : mirror.getElementValues().entrySet()) {
        if (!entry.getKey().getSimpleName().contentEquals(member)) {
          continue;
        }
        Object value = entry.getValue().getValue();
        if (value instanceof List) {
          for (Object item : (List<?>) value) {
            Object type = ((AnnotationValue) item).getValue();
            if (type instanceof DeclaredType) {
              classes.add((TypeElement) ((DeclaredType) type).asElement());
            }
          }
        }
      }
    }
    return classes;
  }

  private static boolean has(Element element, String annotation) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (mirror.getAnnotationType().toString().equals(annotation)) {
        return true;
      }
    }
    return false;
  }

  private static boolean returns(ExecutableElement method, String type) {
    return method.getReturnType().toString().equals(type);
  }
}
