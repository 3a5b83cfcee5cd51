package io.kvs.serial;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link WireOut} wrote. Malformed input (truncated, overlong varints, lengths
 * beyond the message, invalid modified UTF-8) fails with {@link IllegalArgumentException}
 * and never reads past the message. Reads a byte array (Artery's buffers are copied out first:
 * one copy, then plain array reads); strings of ASCII bytes alone are made with one copy.
 */
final class WireIn {
  private final byte[] buf;
  private final int limit;
  private int pos;

  WireIn(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  /** Reads {@code length} bytes of {@code bytes} from {@code offset}. */
  WireIn(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IndexOutOfBoundsException("serial: " + offset + "+" + length + " beyond "
          + bytes.length);
    }
    this.buf = bytes;
    this.pos = offset;
    this.limit = offset + length;
  }

  private static IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException("serial: malformed message: " + what);
  }

  /** Where the next read starts, as an index into the array. */
  int position() {
    return pos;
  }

  /** Bytes left to read. */
  int remaining() {
    return limit - pos;
  }

  /** Skips {@code n} bytes, which must be in the message. */
  void skip(int n) {
    if (n < 0 || n > limit - pos) {
      throw malformed("skip of " + n + " beyond the message");
    }
    pos += n;
  }

  int readByte() {
    if (pos >= limit) {
      throw malformed("truncated");
    }
    return buf[pos++] & 0xFF;
  }

  boolean readBoolean() {
    int b = readByte();
    if (b > 1) {
      throw malformed("boolean " + b);
    }
    return b == 1;
  }

  long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw malformed("varint longer than 64 bits");
  }

  long readSignedLong() {
    long v = readVarLong();
    return (v >>> 1) ^ -(v & 1);
  }

  int readInt() {
    long v = readSignedLong();
    if (v != (int) v) {
      throw malformed("int out of range: " + v);
    }
    return (int) v;
  }

  /** A count or length that must fit in what is left of the message. */
  int readCount() {
    long n = readVarLong();
    if (n < 0 || n > limit - pos) {
      throw malformed("count " + n + " beyond the message");
    }
    return (int) n;
  }

  /** The byte length of a nullable string or byte string, or -1 for null. */
  private int readLength() {
    long n = readVarLong();
    if (n == 0) {
      return -1;
    }
    if (n - 1 > limit - pos || n < 0) {
      throw malformed("length " + (n - 1) + " beyond the message");
    }
    return (int) (n - 1);
  }

  String readString() {
    int n = readLength();
    if (n < 0) {
      return null;
    }
    int end = pos + n;
    int i = pos;
    while (i < end && buf[i] >= 0) {
      i++;
    }
    if (i == end) {
      String s = new String(buf, pos, n, StandardCharsets.ISO_8859_1);
      pos = end;
      return s;
    }
    return readModifiedUtf8(end);
  }

  private String readModifiedUtf8(int end) {
    char[] out = new char[end - pos];
    int chars = 0;
    while (pos < end) {
      int a = buf[pos++] & 0xFF;
      if (a < 0x80) {
        out[chars++] = (char) a;
      } else if ((a & 0xE0) == 0xC0) {
        out[chars++] = (char) (((a & 0x1F) << 6) | continuation(end));
      } else if ((a & 0xF0) == 0xE0) {
        int b = continuation(end);
        out[chars++] = (char) (((a & 0x0F) << 12) | (b << 6) | continuation(end));
      } else {
        throw malformed("string byte " + a);
      }
    }
    return new String(out, 0, chars);
  }

  private int continuation(int end) {
    if (pos >= end) {
      throw malformed("string truncated");
    }
    int b = buf[pos++] & 0xFF;
    if ((b & 0xC0) != 0x80) {
      throw malformed("string byte " + b);
    }
    return b & 0x3F;
  }

  List<String> readStrings() {
    int n = readCount();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(readString());
    }
    return out;
  }

  byte[] readBytes() {
    int n = readLength();
    if (n < 0) {
      return null;
    }
    byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return b;
  }

  /** Fails unless the whole message was read. */
  void end() {
    if (pos < limit) {
      throw malformed((limit - pos) + " bytes after the message");
    }
  }
}
