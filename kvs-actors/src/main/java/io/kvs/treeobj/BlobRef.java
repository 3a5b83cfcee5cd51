package io.kvs.treeobj;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * An RFC 10 blob reference, {@code <hash name>-<lowercase hex digest>}, e.g. {@code sha256-}
 * followed by 64 hex digits. Instances are always valid.
 */
public record BlobRef(String value) implements Comparable<BlobRef> {
  /** Longest blobref string (sha256), the RFC 10 buffer limit less its terminator. */
  public static final int MAX_STRING_LENGTH = 71;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  public BlobRef {
    if (!isValid(value)) {
      throw new IllegalArgumentException("kvs: invalid blobref: " + Limits.quote(value));
    }
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static BlobRef parse(String value) {
    return new BlobRef(value);
  }

  /** The blobref if {@code value} is a valid one. */
  public static Optional<BlobRef> tryParse(String value) {
    return isValid(value) ? Optional.of(new BlobRef(value)) : Optional.empty();
  }

  static BlobRef of(HashAlgorithm h, byte[] digest) {
    char[] out = new char[h.prefix().length() + 1 + digest.length * 2];
    int i = 0;
    for (char c : h.prefix().toCharArray()) {
      out[i++] = c;
    }
    out[i++] = '-';
    for (byte b : digest) {
      out[i++] = HEX[(b >> 4) & 0xf];
      out[i++] = HEX[b & 0xf];
    }
    return new BlobRef(new String(out));
  }

  /** True if {@code s} names a supported hash and has a digest of its exact length. */
  public static boolean isValid(String s) {
    if (s == null) {
      return false;
    }
    int dash = s.indexOf('-');
    if (dash < 0) {
      return false;
    }
    HashAlgorithm h;
    if (dash == 4 && s.startsWith("sha1")) {
      h = HashAlgorithm.SHA1;
    } else if (dash == 6 && s.startsWith("sha256")) {
      h = HashAlgorithm.SHA256;
    } else {
      return false;
    }
    if (s.length() - dash - 1 != h.digestLength() * 2) {
      return false;
    }
    for (int i = dash + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  public HashAlgorithm algorithm() {
    return value.startsWith("sha1-") ? HashAlgorithm.SHA1 : HashAlgorithm.SHA256;
  }

  @JsonValue
  @Override
  public String value() {
    return value;
  }

  @Override
  public int compareTo(BlobRef o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
