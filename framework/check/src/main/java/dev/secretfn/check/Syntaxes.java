package dev.secretfn.check;

import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference syntaxes a function's component binds, built as start-up would build them, and the parser over
 * them. Built-in store syntaxes come from the check's own store modules (a class loader over the function's
 * paths delegates to the check's first), so the function's jar only adds its own syntaxes.
 */
final class Syntaxes {
  /** The syntaxes of the store modules that secretfn ships, which the check carries. */
  static final List<String> BUILT_IN = List.of(
      "dev.secretfn.gcp.kms.GcpKmsSyntax",
      "dev.secretfn.gcp.storage.GcsSyntax",
      "dev.secretfn.gcp.storage.BerglasSyntax",
      "dev.secretfn.gcp.secretmanager.SecretManagerSyntax",
      "dev.secretfn.gcp.secretmanager.BerglasSecretManagerSyntax",
      "dev.secretfn.aws.kms.AwsKmsSyntax",
      "dev.secretfn.aws.s3.S3Syntax",
      "dev.secretfn.aws.secretsmanager.SecretsManagerSyntax",
      "dev.secretfn.aws.ssm.SsmSyntax",
      "dev.secretfn.file.FileSyntax",
      "dev.secretfn.vault.VaultSyntax");

  private final ReferenceParser parser;
  private final List<String> unsupported;

  private Syntaxes(ReferenceParser parser, List<String> unsupported) {
    this.parser = parser;
    this.unsupported = List.copyOf(unsupported);
  }

  /** The syntaxes {@code component} binds, loaded through {@code loader}. */
  static Syntaxes of(ComponentDescriptor component, ClassLoader loader) throws CheckException {
    List<ReferenceSyntax> syntaxes = new ArrayList<>();
    List<String> unsupported = new ArrayList<>();
    for (ComponentDescriptor.SyntaxBinding binding : component.syntaxes()) {
      if (binding.unsupported()) {
        unsupported.add(binding.toString());
      } else {
        syntaxes.add(build(binding, loader));
      }
    }
    return new Syntaxes(parser(syntaxes, component.component()), unsupported);
  }

  /** Every built-in syntax: for jars without a component descriptor. */
  static Syntaxes builtIn() throws CheckException {
    List<ReferenceSyntax> syntaxes = new ArrayList<>();
    for (String type : BUILT_IN) {
      syntaxes.add(build(new ComponentDescriptor.SyntaxBinding("secretfn-check", Optional.of(type),
          Optional.empty(), false), Syntaxes.class.getClassLoader()));
    }
    return new Syntaxes(parser(syntaxes, "the check's built-in stores"), List.of());
  }

  ReferenceParser parser() {
    return parser;
  }

  /** The schemes the parser reads. */
  Set<String> schemeIds() {
    Set<String> ids = new TreeSet<>();
    for (Scheme scheme : parser.schemes()) {
      ids.add(scheme.id());
    }
    return ids;
  }

  /** The bindings the check could not call, as {@code Module.method()}: their schemes are unknown to it. */
  List<String> unsupported() {
    return unsupported;
  }

  private static ReferenceParser parser(List<ReferenceSyntax> syntaxes, String owner) throws CheckException {
    try {
      return ReferenceParser.of(syntaxes);
    } catch (IllegalArgumentException e) {
      // ReferenceParser's message names schemes and classes only.
      throw new CheckException(owner + " binds conflicting syntaxes: " + e.getMessage());
    }
  }

  private static ReferenceSyntax build(ComponentDescriptor.SyntaxBinding binding, ClassLoader loader)
      throws CheckException {
    try {
      Object syntax;
      if (binding.type().isPresent()) {
        Constructor<?> constructor = Class.forName(binding.type().get(), true, loader).getDeclaredConstructor();
        constructor.setAccessible(true);
        syntax = constructor.newInstance();
      } else {
        Method method = Class.forName(binding.module(), true, loader)
            .getDeclaredMethod(binding.method().orElseThrow());
        if (!Modifier.isStatic(method.getModifiers())) {
          throw new CheckException(binding + " is not static: the check calls static no-argument methods only");
        }
        method.setAccessible(true);
        syntax = method.invoke(null);
      }
      if (!(syntax instanceof ReferenceSyntax)) {
        throw new CheckException(binding + " of " + binding.module() + " gave "
            + (syntax == null ? "null" : "a " + syntax.getClass().getName()) + ", not a ReferenceSyntax of this"
            + " check's secretfn-core: use the secretfn-check of the secretfn version the function uses");
      }
      return (ReferenceSyntax) syntax;
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      throw new CheckException("cannot load the reference syntax " + binding + " that " + binding.module()
          + " binds (" + e.getClass().getSimpleName() + "): give the function's whole runtime classpath");
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException
        | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      throw new CheckException("cannot build the reference syntax " + binding + " that " + binding.module()
          + " binds (" + cause.getClass().getName() + ")");
    }
  }
}
