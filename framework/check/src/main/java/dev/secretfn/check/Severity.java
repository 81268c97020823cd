package dev.secretfn.check;

/** How a finding affects a deployment. */
public enum Severity {
  /** The function would fail to start, or would read a secret's plaintext from the environment: stop. */
  ERROR,
  /** The function starts, but something deserves a look (an unpinned reference). */
  WARNING,
  /** Said for completeness: a variable the check could not fully read (an unresolved template value). */
  NOTE
}
