package dev.secretfn.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A component descriptor ({@code META-INF/secretfn/components/<component>.json}): which declarations a Dagger
 * component installs and which reference syntaxes its modules bind. Immutable.
 */
final class ComponentDescriptor {
  /** The folder of the component descriptors inside a jar or classes directory. */
  static final String FOLDER = "META-INF/secretfn/components/";

  private final String component;
  private final String factory;
  private final List<String> declarations;
  private final List<SyntaxBinding> syntaxes;

  private ComponentDescriptor(String component, String factory, List<String> declarations,
      List<SyntaxBinding> syntaxes) {
    this.component = component;
    this.factory = factory;
    this.declarations = List.copyOf(declarations);
    this.syntaxes = List.copyOf(syntaxes);
  }

  static ComponentDescriptor parse(String where, String json) throws CheckException {
    DescriptorJson descriptor = DescriptorJson.parse(where, json);
    List<SyntaxBinding> syntaxes = new ArrayList<>();
    for (DescriptorJson syntax : descriptor.objects("syntaxes")) {
      Optional<String> type = syntax.optionalString("class");
      Optional<String> method = syntax.optionalString("method");
      boolean unsupported = syntax.flag("unsupported");
      if (type.isPresent() == method.isPresent()) {
        throw new CheckException(where + ": each syntax names a \"class\" or a \"method\": rebuild the function"
            + " with the same secretfn-compiler version as this check");
      }
      syntaxes.add(new SyntaxBinding(syntax.string("module"), type, method, unsupported));
    }
    return new ComponentDescriptor(descriptor.string("component"), descriptor.string("factory"),
        descriptor.strings("declarations"), syntaxes);
  }

  /** The component interface. */
  String component() {
    return component;
  }

  /** The class Dagger generates for it ({@code DaggerX}), which the entry point calls. */
  String factory() {
    return factory;
  }

  /** The @SecretDeclarations interfaces whose generated modules the component installs. */
  List<String> declarations() {
    return declarations;
  }

  List<SyntaxBinding> syntaxes() {
    return syntaxes;
  }

  /** One {@code @IntoSet} binding of {@code ReferenceSyntax} in the component's modules. */
  static final class SyntaxBinding {
    private final String module;
    private final Optional<String> type;
    private final Optional<String> method;
    private final boolean unsupported;

    SyntaxBinding(String module, Optional<String> type, Optional<String> method, boolean unsupported) {
      this.module = module;
      this.type = type;
      this.method = method;
      this.unsupported = unsupported;
    }

    String module() {
      return module;
    }

    /** The implementation a {@code @Binds} method binds; it has a no-argument constructor. */
    Optional<String> type() {
      return type;
    }

    /** The static no-argument {@code @Provides} method of {@link #module()} that returns the syntax. */
    Optional<String> method() {
      return method;
    }

    /** A binding the check cannot call: a {@code @Provides} with parameters, or {@code @ElementsIntoSet}. */
    boolean unsupported() {
      return unsupported;
    }

    @Override
    public String toString() {
      return type.orElseGet(() -> module + "." + method.orElseThrow() + "()");
    }
  }
}
