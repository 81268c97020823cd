package dev.secretfn;

/** The step of resolving a secret at which something went wrong; named in every failure. */
public enum Step {
  /** Reading the environment variable. */
  LOOKUP,
  /** Parsing the variable's value into a reference. */
  PARSE_REFERENCE,
  /** Finding and setting up the source for the reference's scheme. */
  SOURCE_SETUP,
  /** Fetching from the source (network, permissions, not found). */
  FETCH,
  /** Decrypting a ciphertext or envelope. */
  DECRYPT,
  /** Checking the integrity of what was fetched (checksums). */
  VERIFY,
  /** Decoding a fetched payload (base64, envelope format, size limits). */
  DECODE,
  /** Selecting a JSON field from the fetched payload. */
  SELECT_FIELD
}
