package io.kvs.treeobj;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** Immutable bytes with content equality; serialized as base64. */
public final class Bytes {
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] data;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** Copies {@code data}. */
  public static Bytes of(byte[] data) {
    return data.length == 0 ? EMPTY : new Bytes(data.clone());
  }

  /** Takes ownership of {@code data}: the caller must not modify it afterwards. */
  public static Bytes wrap(byte[] data) {
    return data.length == 0 ? EMPTY : new Bytes(data);
  }

  public static Bytes utf8(String s) {
    return wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes standard base64; throws IllegalArgumentException when it is not base64. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Bytes fromBase64(String base64) {
    return wrap(Base64.getDecoder().decode(base64));
  }

  @JsonValue
  public String toBase64() {
    return Base64.getEncoder().encodeToString(data);
  }

  /** Length of the base64 encoding of these bytes, computed without encoding. */
  public int base64Length() {
    return 4 * ((data.length + 2) / 3);
  }

  public int length() {
    return data.length;
  }

  /** A copy of the bytes. */
  public byte[] toArray() {
    return data.clone();
  }

  /** The bytes themselves, for read-only use on hot paths. */
  public byte[] unsafeArray() {
    return data;
  }

  public String toUtf8() {
    return new String(data, StandardCharsets.UTF_8);
  }

  public Bytes concat(Bytes other) {
    byte[] out = Arrays.copyOf(data, data.length + other.data.length);
    System.arraycopy(other.data, 0, out, data.length, other.data.length);
    return wrap(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(data, b.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Bytes[" + data.length + "]";
  }
}
