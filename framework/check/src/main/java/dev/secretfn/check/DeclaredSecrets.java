package dev.secretfn.check;

import dev.secretfn.Kms;
import dev.secretfn.SecretDeclaration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a secrets descriptor ({@code META-INF/secretfn/secrets/<interface>.json}) and turns its entries into
 * the {@link SecretDeclaration}s that the generated module would declare at start-up.
 */
final class DeclaredSecrets {
  /** The folder of the secrets descriptors inside a jar or classes directory. */
  static final String FOLDER = "META-INF/secretfn/secrets/";

  private DeclaredSecrets() {}

  /** The interface and secrets of one descriptor; {@code where} names its file in errors. */
  static Map.Entry<String, List<DeclaredSecret>> parse(String where, String json) throws CheckException {
    DescriptorJson descriptor = DescriptorJson.parse(where, json);
    String declarations = descriptor.string("declarations");
    List<DeclaredSecret> secrets = new ArrayList<>();
    for (DescriptorJson secret : descriptor.objects("secrets")) {
      String variable = secret.string("variable");
      Optional<Kms> encrypted = Optional.empty();
      Optional<String> kms = secret.optionalString("encrypted");
      if (kms.isPresent()) {
        try {
          encrypted = Optional.of(Kms.valueOf(kms.get()));
        } catch (IllegalArgumentException e) {
          throw new CheckException(where + ": " + variable + " is encrypted with an unknown key service; this"
              + " check knows GCP and AWS: use the secretfn-check of the version that built the function");
        }
      }
      Optional<Duration> refresh = secret.optionalLong("refreshMaxAgeSeconds").map(Duration::ofSeconds);
      secrets.add(new DeclaredSecret(declarations, variable, secret.string("type"), secret.bool("required"),
          secret.bool("hasDefault"), encrypted, refresh));
    }
    return Map.entry(declarations, List.copyOf(secrets));
  }

  /**
   * The declarations start-up would make for {@code secrets} (what {@code Probe.run} takes). A default value
   * is not in the descriptor, so a secret with a default becomes a plain optional declaration: the two differ
   * only when the variable is unset, and then there is nothing to probe.
   *
   * @throws IllegalArgumentException if a descriptor entry is not a valid declaration (a bad variable name, a
   *     refreshing optional secret): a descriptor the compiler did not write
   */
  static List<SecretDeclaration> toDeclarations(Collection<DeclaredSecret> secrets) {
    List<SecretDeclaration> declarations = new ArrayList<>();
    for (DeclaredSecret secret : secrets) {
      SecretDeclaration declaration = secret.required()
          ? SecretDeclaration.required(secret.variable())
          : SecretDeclaration.optional(secret.variable());
      if (secret.encrypted().isPresent()) {
        declaration = declaration.encryptedWith(secret.encrypted().get());
      }
      if (secret.type().equals("String") || secret.type().equals("char[]")) {
        declaration = declaration.text();
      }
      if (secret.refreshMaxAge().isPresent()) {
        declaration = declaration.refreshing(secret.refreshMaxAge().get());
      }
      declarations.add(declaration);
    }
    return declarations;
  }
}
