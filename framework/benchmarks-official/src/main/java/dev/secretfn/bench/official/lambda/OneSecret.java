package dev.secretfn.bench.official.lambda;

import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/** Scenario 3: one secret, an {@code aws-kms://} reference. */
@SecretDeclarations
interface OneSecret {
  @SecretVar("S1") Secret s1();
}
