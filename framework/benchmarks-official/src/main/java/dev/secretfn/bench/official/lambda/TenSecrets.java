package dev.secretfn.bench.official.lambda;

import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/** Scenario 4: eight {@code aws-kms://} references and two fields of one {@code s3://} JSON object. */
@SecretDeclarations
interface TenSecrets {
  @SecretVar("S1") Secret s1();

  @SecretVar("S2") Secret s2();

  @SecretVar("S3") Secret s3();

  @SecretVar("S4") Secret s4();

  @SecretVar("S5") Secret s5();

  @SecretVar("S6") Secret s6();

  @SecretVar("S7") Secret s7();

  @SecretVar("S8") Secret s8();

  @SecretVar("DB_USER") Secret dbUser();

  @SecretVar("DB_PASS") Secret dbPass();
}
