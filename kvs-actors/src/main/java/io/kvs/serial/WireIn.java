package io.kvs.serial;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link WireOut} wrote. Malformed input (truncated, overlong varints, lengths
 * beyond the message, invalid modified UTF-8) fails with {@link IllegalArgumentException}
 * and never reads past the message.
 */
final class WireIn {
  private final ByteBuffer in;

  WireIn(byte[] bytes) {
    this(ByteBuffer.wrap(bytes));
  }

  WireIn(ByteBuffer in) {
    this.in = in;
  }

  private static IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException("serial: malformed message: " + what);
  }

  int readByte() {
    if (!in.hasRemaining()) {
      throw malformed("truncated");
    }
    return in.get() & 0xFF;
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
    if (n < 0 || n > in.remaining()) {
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
    if (n - 1 > in.remaining() || n < 0) {
      throw malformed("length " + (n - 1) + " beyond the message");
    }
    return (int) (n - 1);
  }

  String readString() {
    int n = readLength();
    if (n < 0) {
      return null;
    }
    char[] out = new char[n];
    int chars = 0;
    int end = in.position() + n;
    while (in.position() < end) {
      int a = in.get() & 0xFF;
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
    if (in.position() >= end) {
      throw malformed("string truncated");
    }
    int b = in.get() & 0xFF;
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
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  /** Fails unless the whole message was read. */
  void end() {
    if (in.hasRemaining()) {
      throw malformed(in.remaining() + " bytes after the message");
    }
  }
}
