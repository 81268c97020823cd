package dev.secretfn.check.compiled;

import dev.secretfn.Encrypted;
import dev.secretfn.Kms;
import dev.secretfn.Refresh;
import dev.secretfn.Refreshing;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;
import java.util.Optional;

/** Declarations compiled by secretfn-compiler in this module's test build: CheckedFunctionTest reads its output. */
@SecretDeclarations
interface CompiledSecrets {
  @SecretVar("DB_USER") @Refresh(maxAgeSeconds = 300) Refreshing<String> dbUser();

  @SecretVar("DB_PASS") Secret dbPass();

  @SecretVar("API_KEY") @Encrypted(Kms.GCP) Secret apiKey();

  @SecretVar("PARTNER_KEY") Optional<Secret> partnerKey();
}
