package dev.secretfn;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Plaintext secret material held in memory only.
 *
 * <p>A {@code Secret} never shows its content: {@link #toString()} names the variable it came from and
 * nothing else, {@code equals}/{@code hashCode} are identity-based, and the class is not serializable. The
 * plaintext is reached only through the {@code reveal*} methods, so that every place that touches it is easy
 * to find with a search. Instances are thread-safe.
 *
 * <pre>{@code
 * final class Database {
 *   @Inject Database(@SecretVar("DB_PASS") Secret password) {
 *     char[] chars = password.revealChars();
 *     try { connect(chars); } finally { Arrays.fill(chars, '\0'); }
 *   }
 * }
 * }</pre>
 *
 * <h2>WARNING</h2>
 * {@link #revealString()} creates a {@link String} that cannot be wiped and lives until garbage collection;
 * prefer {@link #revealBytes()} or {@link #revealChars()} where the consumer accepts them. {@link #wipe()}
 * zeroes this object's copy only, not copies already revealed.
 */
public final class Secret {
  private final String label;
  private final byte[] plaintext;
  private volatile boolean wiped;

  private Secret(String label, byte[] plaintext) {
    this.label = label;
    this.plaintext = plaintext;
  }

  /** Returns a secret holding a copy of {@code plaintext}; the caller keeps ownership of (and may wipe) its array. */
  public static Secret copyOf(byte[] plaintext) {
    return new Secret("unnamed", plaintext.clone());
  }

  /** Returns a secret holding the UTF-8 encoding of {@code plaintext}. Meant for tests and defaults. */
  public static Secret ofUtf8(String plaintext) {
    return new Secret("unnamed", plaintext.getBytes(StandardCharsets.UTF_8));
  }

  /** Takes ownership of {@code plaintext} without copying; for the engine, which wipes its own buffers. */
  static Secret adopt(String label, byte[] plaintext) {
    return new Secret(label, plaintext);
  }

  /** Returns a copy of this secret that names {@code variable} in {@link #toString()}. */
  Secret labelled(String variable) {
    return new Secret(variable, contentCopy());
  }

  /** The name this secret reports in {@code toString()} and in errors: its variable, or "unnamed". */
  public String label() {
    return label;
  }

  /** Returns a copy of the plaintext bytes; the caller should wipe the copy when done. */
  public byte[] revealBytes() {
    return contentCopy();
  }

  /**
   * Returns the plaintext decoded as UTF-8.
   *
   * @throws IllegalStateException if the plaintext is not valid UTF-8 or the secret was wiped; the message
   *     names the secret, never its content
   */
  public String revealString() {
    char[] chars = revealChars();
    try {
      return new String(chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /**
   * Returns the plaintext decoded as UTF-8 into a new array that the caller should wipe when done.
   *
   * @throws IllegalStateException if the plaintext is not valid UTF-8 or the secret was wiped
   */
  public char[] revealChars() {
    CharBuffer decoded;
    try {
      decoded = strictUtf8().decode(ByteBuffer.wrap(checkedContent()));
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("secret " + label + " is not valid UTF-8 text");
    }
    char[] chars = Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
    Arrays.fill(decoded.array(), '\0');
    return chars;
  }

  /** Whether the plaintext is valid UTF-8 text. */
  public boolean isUtf8() {
    try {
      CharBuffer decoded = strictUtf8().decode(ByteBuffer.wrap(checkedContent()));
      Arrays.fill(decoded.array(), '\0');
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Length of the plaintext in bytes. */
  public int length() {
    return checkedContent().length;
  }

  /** Compares plaintexts in time independent of their content. */
  public boolean contentEquals(Secret other) {
    return MessageDigest.isEqual(checkedContent(), other.checkedContent());
  }

  /**
   * Overwrites the plaintext with zeros. Afterwards every {@code reveal*} call throws {@link
   * IllegalStateException}. Idempotent.
   */
  public void wipe() {
    wiped = true;
    Arrays.fill(plaintext, (byte) 0);
  }

  /** Whether {@link #wipe()} was called. */
  public boolean isWiped() {
    return wiped;
  }

  /** Names the secret, never its content: {@code Secret[DB_PASS, redacted]}. */
  @Override
  public String toString() {
    return "Secret[" + label + (wiped ? ", wiped]" : ", redacted]");
  }

  /** Read access for the engine; callers must not keep or modify the array. */
  byte[] checkedContent() {
    if (wiped) {
      throw new IllegalStateException("secret " + label + " was wiped");
    }
    return plaintext;
  }

  private byte[] contentCopy() {
    return checkedContent().clone();
  }

  private static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }
}
