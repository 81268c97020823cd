package dev.secretfn.aws.s3.client;

import dagger.Component;
import dagger.Lazy;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolver;
import dev.secretfn.Environment;
import dev.secretfn.aws.s3.S3Module;
import dev.secretfn.aws.s3.internal.S3Transport;
import dev.secretfn.internal.OfficialClient;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The S3 store as a function's component binds it, on either transport, and a resolve through it. */
interface Store extends AutoCloseable {
  /** Millisecond backoff so that retries do not slow the build; a deadline a cold SDK client cannot miss. */
  ResolverSettings SETTINGS = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(15))
      .initialBackoff(Duration.ofMillis(5))
      .maxBackoff(Duration.ofMillis(20))
      .build();

  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  /** Resolves {@code references} (variable to reference), each required. */
  default ResolvedSecrets resolve(Map<String, String> references) {
    return SecretResolver.create(syntaxes(), sources(), SETTINGS).resolve(
        references.keySet().stream().map(SecretDeclaration::required).collect(Collectors.toList()),
        Environment.of(references));
  }

  @Override
  default void close() {}

  /** Which transport a store reads with. */
  enum Transport {
    LEAN,
    SDK;

    /** The store on this transport, with {@code variables} as its environment. */
    Store open(Map<String, String> variables) {
      ContractDeployment deployment = new ContractDeployment(variables);
      return this == LEAN
          ? DaggerStore_Lean.factory().create(deployment)
          : DaggerStore_Sdk.factory().create(deployment);
    }
  }

  /** S3Module alone: the lean transport. */
  @Singleton
  @Component(modules = {S3Module.class, ContractDeployment.class})
  interface Lean extends Store {
    @Component.Factory
    interface Factory {
      Lean create(ContractDeployment deployment);
    }
  }

  /** S3Module with S3ClientTransportModule: the SDK's S3Client. */
  @Singleton
  @Component(modules = {S3Module.class, S3ClientTransportModule.class, ContractDeployment.class})
  interface Sdk extends Store {
    @OfficialClient
    Lazy<S3Transport> officialClient();

    /** Closes the client (built here if no fetch built it; {@code Lazy} cannot tell). */
    @Override
    default void close() {
      ((SdkS3Transport) officialClient().get()).close();
    }

    @Component.Factory
    interface Factory {
      Sdk create(ContractDeployment deployment);
    }
  }
}
