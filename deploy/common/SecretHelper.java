// The local steps of the deploy scripts (gcp/ and aws/) that plain shell cannot do safely. Run as a single-file
// program (`java SecretHelper.java ...`, JDK 11 or newer; nothing to build). The secret arrives on stdin and
// leaves only through the stdin pipe of the command given after `--`; it never reaches an argument, a file or
// a message, and the buffers that held it are zeroed before exit.
//
//   feed [--text] [--json-field NAME] -- CMD ARGS...
//       Reads all of stdin, checks it (not empty; with --text, UTF-8 without a carriage return; with
//       --json-field, a JSON object whose field NAME is a string) and only then runs CMD with those bytes on
//       its stdin. A failed check runs nothing, so an upload command never sees a half-read or empty body.
//
//   berglas-seal -- WRAP_CMD ARGS...
//       Berglas envelope encryption of stdin: a random 256-bit data key (DEK) and 96-bit nonce, AES-256-GCM
//       with no additional data; runs WRAP_CMD (a `gcloud kms encrypt` that reads the DEK on stdin and writes
//       the KMS ciphertext on stdout) and prints the object body
//           base64(KMS ciphertext of the DEK) ":" base64(nonce || GCM ciphertext || 16-byte tag)
//       in standard padded base64 with no trailing newline, as the Berglas CLI writes it.

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

public final class SecretHelper {
  /** A guard against piping in the wrong thing, far above any secret's size. */
  static final int MAX_INPUT = 16 * 1024 * 1024;
  /** Cloud KMS ciphertexts are at most 64 KiB plus overhead. */
  static final int MAX_WRAPPED = 128 * 1024;

  public static void main(String[] args) {
    try {
      System.exit(run(List.of(args)));
    } catch (Failure e) {
      System.err.println("SecretHelper: error: " + e.getMessage());
      System.exit(e.status);
    }
  }

  static int run(List<String> args) throws Failure {
    int dashes = args.indexOf("--");
    if (args.isEmpty() || dashes < 1 || dashes == args.size() - 1) {
      throw new Failure(2,
          "usage: SecretHelper (feed [--text] [--json-field NAME] | berglas-seal) -- COMMAND ARGS...");
    }
    List<String> options = args.subList(1, dashes);
    List<String> command = args.subList(dashes + 1, args.size());
    switch (args.get(0)) {
      case "feed":
        String field = null;
        boolean text = !options.isEmpty() && options.get(0).equals("--text");
        List<String> rest = text ? options.subList(1, options.size()) : options;
        if (rest.size() == 2 && rest.get(0).equals("--json-field") && !rest.get(1).isEmpty()) {
          field = rest.get(1);
        } else if (!rest.isEmpty()) {
          throw new Failure(2, "feed takes only --text and --json-field NAME before '--'");
        }
        return feed(text, field, command);
      case "berglas-seal":
        if (!options.isEmpty()) {
          throw new Failure(2, "berglas-seal takes no options before '--'");
        }
        return berglasSeal(command);
      default:
        throw new Failure(2, "unknown subcommand; expected feed or berglas-seal");
    }
  }

  static int feed(boolean text, String jsonField, List<String> command) throws Failure {
    byte[] body = readAll(System.in, MAX_INPUT, "stdin");
    try {
      if (body.length == 0) {
        throw new Failure(1, "stdin is empty: pipe the secret in (nothing was uploaded)");
      }
      if (text && (!JsonCheck.utf8(body) || indexOf(body, (byte) '\r') >= 0)) {
        // The AWS CLI reads a file:// value as text: it would turn CR LF into LF without a word.
        throw new Failure(1, "stdin is not UTF-8 text without carriage returns, which a text value must be"
            + " (nothing was uploaded)");
      }
      if (jsonField != null) {
        String problem = JsonCheck.stringField(body, jsonField);
        if (problem != null) {
          throw new Failure(1, problem + " (nothing was uploaded)");
        }
      }
      return pipeInto(command, body, null);
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  static int berglasSeal(List<String> wrapCommand) throws Failure {
    byte[] plaintext = readAll(System.in, MAX_INPUT, "stdin");
    byte[] dek = new byte[32];
    byte[] nonce = new byte[12];
    try {
      if (plaintext.length == 0) {
        throw new Failure(1, "stdin is empty: pipe the secret in");
      }
      SecureRandom random = new SecureRandom();
      random.nextBytes(dek);
      random.nextBytes(nonce);
      byte[] sealed;
      try {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] ciphertextAndTag = gcm.doFinal(plaintext);
        sealed = new byte[nonce.length + ciphertextAndTag.length];
        System.arraycopy(nonce, 0, sealed, 0, nonce.length);
        System.arraycopy(ciphertextAndTag, 0, sealed, nonce.length, ciphertextAndTag.length);
      } catch (GeneralSecurityException e) {
        throw new Failure(1, "AES-256-GCM is not available in this JDK: " + e.getClass().getSimpleName());
      }
      ByteArrayOutputStream wrapped = new ByteArrayOutputStream();
      int status = pipeInto(wrapCommand, dek, wrapped);
      if (status != 0) {
        throw new Failure(1, "the KMS encrypt command failed (exit status " + status + "); nothing was written");
      }
      if (wrapped.size() == 0) {
        throw new Failure(1, "the KMS encrypt command printed no ciphertext; nothing was written");
      }
      String body =
          Base64.getEncoder().encodeToString(wrapped.toByteArray()) + ":" + Base64.getEncoder().encodeToString(sealed);
      System.out.write(body.getBytes(StandardCharsets.US_ASCII), 0, body.length());
      System.out.flush();
      return 0;
    } finally {
      Arrays.fill(plaintext, (byte) 0);
      Arrays.fill(dek, (byte) 0);
    }
  }

  /**
   * Runs {@code command} with {@code input} on its stdin and stderr passed through; its stdout goes to
   * {@code output}, or passes through when {@code output} is null. Returns the exit status.
   */
  static int pipeInto(List<String> command, byte[] input, ByteArrayOutputStream output) throws Failure {
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    if (output == null) {
      builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new Failure(1, "cannot run " + command.get(0) + ": " + e.getMessage());
    }
    Thread reader = null;
    byte[][] captured = new byte[1][];
    if (output != null) {
      reader = new Thread(() -> {
        try {
          captured[0] = readAll(process.getInputStream(), MAX_WRAPPED, command.get(0) + "'s output");
        } catch (Failure e) {
          captured[0] = null;
          process.destroy(); // it would block writing the rest
        }
      });
      reader.start();
    }
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input);
    } catch (IOException e) {
      // The command stopped reading (it failed early); its exit status says why.
    }
    try {
      int status = process.waitFor();
      if (reader != null) {
        reader.join();
        if (captured[0] == null) {
          throw new Failure(1, command.get(0) + " printed more than " + MAX_WRAPPED + " bytes");
        }
        output.write(captured[0], 0, captured[0].length);
      }
      return status;
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new Failure(1, "interrupted");
    }
  }

  static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  static byte[] readAll(InputStream in, int max, String what) throws Failure {
    byte[] buffer = new byte[8192];
    int length = 0;
    try {
      while (true) {
        if (length == buffer.length) {
          if (length > max) {
            Arrays.fill(buffer, (byte) 0);
            throw new Failure(1, what + " is larger than " + max + " bytes");
          }
          byte[] bigger = Arrays.copyOf(buffer, Math.min(buffer.length * 2, max + 1));
          Arrays.fill(buffer, (byte) 0);
          buffer = bigger;
        }
        int n = in.read(buffer, length, buffer.length - length);
        if (n < 0) {
          break;
        }
        length += n;
      }
      if (length > max) {
        Arrays.fill(buffer, (byte) 0);
        throw new Failure(1, what + " is larger than " + max + " bytes");
      }
    } catch (IOException e) {
      Arrays.fill(buffer, (byte) 0);
      throw new Failure(1, "cannot read " + what + ": " + e.getMessage());
    }
    byte[] exact = Arrays.copyOf(buffer, length);
    Arrays.fill(buffer, (byte) 0);
    return exact;
  }

  /** A failure with a message that never quotes secret material. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Failure(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /**
   * A strict RFC 8259 check that a document is a JSON object whose field is a string. Messages give positions
   * and shapes only, never content.
   */
  static final class JsonCheck {
    private final byte[] in;
    private int pos;

    private JsonCheck(byte[] in) {
      this.in = in;
    }

    /** Returns null when {@code json} is an object with string field {@code field}, else the problem. */
    static String stringField(byte[] json, String field) {
      if (!utf8(json)) {
        return "stdin is not valid UTF-8, so it is not JSON";
      }
      JsonCheck check = new JsonCheck(json);
      try {
        check.space();
        if (check.peek() != '{') {
          return "stdin is not a JSON object (it must start with '{')";
        }
        String kind = check.object(field);
        check.space();
        if (check.pos != json.length) {
          return "stdin has content after the JSON object, at byte " + check.pos;
        }
        if (kind == null) {
          return "the JSON object has no field '" + field + "'";
        }
        if (!kind.equals("string")) {
          return "field '" + field + "' is a JSON " + kind + ", expected a string";
        }
        return null;
      } catch (IllegalArgumentException e) {
        return "stdin is not valid JSON: " + e.getMessage();
      }
    }

    static boolean utf8(byte[] bytes) {
      try {
        StandardCharsets.UTF_8
            .newDecoder()
            .decode(java.nio.ByteBuffer.wrap(bytes));
        return true;
      } catch (java.nio.charset.CharacterCodingException e) {
        return false;
      }
    }

    /** Parses the top-level object; returns the kind of value under {@code field}, or null if absent. */
    private String object(String field) {
      pos++;
      space();
      String kind = null;
      if (peek() == '}') {
        pos++;
        return null;
      }
      while (true) {
        space();
        if (peek() != '"') {
          throw error("expected a field name");
        }
        String name = string();
        space();
        expect(':');
        space();
        String valueKind = value(1);
        if (name.equals(field)) {
          kind = valueKind;
        }
        space();
        int c = next();
        if (c == '}') {
          return kind;
        }
        if (c != ',') {
          throw error("expected ',' or '}'");
        }
      }
    }

    private String value(int depth) {
      if (depth > 64) {
        throw error("nesting deeper than 64 levels");
      }
      int c = peek();
      switch (c) {
        case '"':
          string();
          return "string";
        case '{':
          pos++;
          space();
          if (peek() == '}') {
            pos++;
            return "object";
          }
          while (true) {
            space();
            if (peek() != '"') {
              throw error("expected a field name");
            }
            string();
            space();
            expect(':');
            space();
            value(depth + 1);
            space();
            int d = next();
            if (d == '}') {
              return "object";
            }
            if (d != ',') {
              throw error("expected ',' or '}'");
            }
          }
        case '[':
          pos++;
          space();
          if (peek() == ']') {
            pos++;
            return "array";
          }
          while (true) {
            space();
            value(depth + 1);
            space();
            int d = next();
            if (d == ']') {
              return "array";
            }
            if (d != ',') {
              throw error("expected ',' or ']'");
            }
          }
        case 't':
          literal("true");
          return "boolean";
        case 'f':
          literal("false");
          return "boolean";
        case 'n':
          literal("null");
          return "null";
        default:
          number();
          return "number";
      }
    }

    private String string() {
      pos++; // opening quote
      StringBuilder out = new StringBuilder();
      int start = pos;
      while (true) {
        int c = next();
        if (c == '"') {
          out.append(new String(in, start, pos - 1 - start, StandardCharsets.UTF_8));
          return out.toString();
        }
        if (c < 0x20) {
          throw error("control character or end of input inside a string");
        }
        if (c == '\\') {
          out.append(new String(in, start, pos - 1 - start, StandardCharsets.UTF_8));
          int e = next();
          switch (e) {
            case '"': out.append('"'); break;
            case '\\': out.append('\\'); break;
            case '/': out.append('/'); break;
            case 'b': out.append('\b'); break;
            case 'f': out.append('\f'); break;
            case 'n': out.append('\n'); break;
            case 'r': out.append('\r'); break;
            case 't': out.append('\t'); break;
            case 'u':
              int code = 0;
              for (int i = 0; i < 4; i++) {
                int digit = Character.digit(next(), 16);
                if (digit < 0) {
                  throw error("bad \\u escape");
                }
                code = code * 16 + digit;
              }
              out.append((char) code);
              break;
            default:
              throw error("bad escape");
          }
          start = pos;
        }
      }
    }

    private void number() {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
      } else if (digits() == 0) {
        throw error("expected a JSON value");
      }
      if (peek() == '.') {
        pos++;
        if (digits() == 0) {
          throw error("expected digits after '.'");
        }
      }
      if (peek() == 'e' || peek() == 'E') {
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (digits() == 0) {
          throw error("expected digits in the exponent");
        }
      }
      if (pos == start) {
        throw error("expected a JSON value");
      }
    }

    private int digits() {
      int n = 0;
      while (peek() >= '0' && peek() <= '9') {
        pos++;
        n++;
      }
      return n;
    }

    private void literal(String word) {
      for (int i = 0; i < word.length(); i++) {
        if (next() != word.charAt(i)) {
          throw error("expected a JSON value");
        }
      }
    }

    private void space() {
      while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r') {
        pos++;
      }
    }

    private void expect(char c) {
      if (next() != c) {
        throw error("expected '" + c + "'");
      }
    }

    private int peek() {
      return pos < in.length ? in[pos] & 0xff : -1;
    }

    private int next() {
      return pos < in.length ? in[pos++] & 0xff : -1;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at byte " + pos);
    }
  }
}
