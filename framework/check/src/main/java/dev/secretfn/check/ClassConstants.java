package dev.secretfn.check;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The classes a class file names in its constant pool ({@code CONSTANT_Class} entries, JVMS 4.4.1): enough to
 * tell which Dagger factory an entry point calls, without loading (and so initializing) any of the function's
 * classes.
 */
final class ClassConstants {
  private static final int MAGIC = 0xCAFEBABE;

  private ClassConstants() {}

  /**
   * The binary names ({@code a.b.C$D}) of the classes {@code classFile} references.
   *
   * @throws IOException if it is not a class file
   */
  static Set<String> classNames(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != MAGIC) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNameIndexes = new int[count];
    int classes = 0;
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1: // Utf8
          utf8[i] = in.readUTF();
          break;
        case 7: // Class
          classNameIndexes[classes++] = in.readUnsignedShort();
          break;
        case 8: // String
        case 16: // MethodType
        case 19: // Module
        case 20: // Package
          in.readUnsignedShort();
          break;
        case 15: // MethodHandle
          in.readUnsignedByte();
          in.readUnsignedShort();
          break;
        case 3: // Integer
        case 4: // Float
        case 9: // Fieldref
        case 10: // Methodref
        case 11: // InterfaceMethodref
        case 12: // NameAndType
        case 17: // Dynamic
        case 18: // InvokeDynamic
          in.readInt();
          break;
        case 5: // Long
        case 6: // Double
          in.readLong();
          i++; // takes two entries
          break;
        default:
          throw new IOException("unknown constant pool tag " + tag);
      }
    }
    Set<String> names = new TreeSet<>();
    for (int c = 0; c < classes; c++) {
      String name = classNameIndexes[c] < count ? utf8[classNameIndexes[c]] : null;
      if (name == null) {
        throw new IOException("a class constant does not name a UTF-8 constant");
      }
      if (!name.startsWith("[")) {
        names.add(name.replace('/', '.'));
      }
    }
    return names;
  }
}
