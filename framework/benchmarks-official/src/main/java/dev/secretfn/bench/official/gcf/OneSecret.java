package dev.secretfn.bench.official.gcf;

import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/** Scenario 3: one secret, a {@code gcp-kms://} reference. */
@SecretDeclarations
interface OneSecret {
  @SecretVar("S1") Secret s1();
}
