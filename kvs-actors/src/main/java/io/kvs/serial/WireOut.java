package io.kvs.serial;

import java.util.Arrays;
import java.util.List;

/**
 * Writes the compact binary form of {@link KvsBinarySerializer}'s messages into a growing byte
 * array: unsigned LEB128 varints, zigzag varints for signed values, strings as their UTF-16
 * units in modified UTF-8 (lossless for any Java string, unpaired surrogates included) and
 * byte strings, each preceded by its length. A null string or byte string is written as
 * length 0, any other as its length plus one. Not thread-safe; one per message.
 */
final class WireOut {
  private byte[] buf;
  private int len;

  WireOut(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  void writeByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  void writeBoolean(boolean b) {
    writeByte(b ? 1 : 0);
  }

  /** An unsigned varint: {@code v} is taken as an unsigned 64-bit number. */
  void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
  }

  /** A signed value, zigzag-encoded so that small negative numbers stay short. */
  void writeSignedLong(long v) {
    writeVarLong((v << 1) ^ (v >> 63));
  }

  void writeInt(int v) {
    writeSignedLong(v);
  }

  void writeString(String s) {
    if (s == null) {
      writeVarLong(0);
      return;
    }
    int n = s.length();
    int head = varLongSize(n + 1L);
    ensure(head + n);
    int at = len + head;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || c == 0) {
        writeModifiedUtf8(s);
        return;
      }
      buf[at + i] = (byte) c;
    }
    writeVarLong(n + 1L);
    len += n;
  }

  /** The string in modified UTF-8, for strings not all of ASCII (NUL included). */
  private void writeModifiedUtf8(String s) {
    int n = s.length();
    int bytes = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      bytes += c >= 1 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
    }
    writeVarLong(bytes + 1L);
    ensure(bytes);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 1 && c <= 0x7F) {
        buf[len++] = (byte) c;
      } else if (c <= 0x7FF) {
        buf[len++] = (byte) (0xC0 | (c >> 6));
        buf[len++] = (byte) (0x80 | (c & 0x3F));
      } else {
        buf[len++] = (byte) (0xE0 | (c >> 12));
        buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[len++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }

  /** How many bytes {@link #writeVarLong} writes for {@code v}. */
  private static int varLongSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** Where the next byte goes: the length of what was written so far. */
  int position() {
    return len;
  }

  /**
   * Writes at {@code at} (an earlier {@link #position}) the varint {@code v}, in exactly
   * {@code width} bytes (padded with continuation bytes, which readers accept), for a length
   * known only once what follows it is written.
   */
  void patchVarLong(int at, long value, int width) {
    long v = value;
    for (int i = 0; i < width - 1; i++) {
      buf[at + i] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    if ((v & ~0x7FL) != 0) {
      throw new IllegalArgumentException("serial: a length of " + value + " does not fit in "
          + width + " bytes");
    }
    buf[at + width - 1] = (byte) v;
  }

  /** Reserves {@code width} bytes for a later {@link #patchVarLong}; returns where. */
  int reserve(int width) {
    ensure(width);
    int at = len;
    len += width;
    return at;
  }

  void writeStrings(List<String> list) {
    writeVarLong(list.size());
    for (String s : list) {
      writeString(s);
    }
  }

  void writeBytes(byte[] b) {
    if (b == null) {
      writeVarLong(0);
      return;
    }
    writeVarLong(b.length + 1L);
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  /** Bytes already in this form (made by another WireOut), as they are. */
  void writeRaw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  /** The bytes written, in an array of exactly their length. */
  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }
}
