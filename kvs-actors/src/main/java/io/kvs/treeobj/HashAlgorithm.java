package io.kvs.treeobj;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The instance-wide blob hash (RFC 10): {@code sha256} by default, {@code sha1} supported. */
public enum HashAlgorithm {
  SHA1("sha1", "SHA-1", 20),
  SHA256("sha256", "SHA-256", 32);

  private final String prefix;
  private final String jdkName;
  private final int digestLength;
  private final ThreadLocal<MessageDigest> digest;

  HashAlgorithm(String prefix, String jdkName, int digestLength) {
    this.prefix = prefix;
    this.jdkName = jdkName;
    this.digestLength = digestLength;
    this.digest = ThreadLocal.withInitial(this::newDigest);
  }

  /** The name used in blobrefs, e.g. {@code sha256}. */
  public String prefix() {
    return prefix;
  }

  public int digestLength() {
    return digestLength;
  }

  /** The blobref naming {@code data}. */
  public BlobRef hash(byte[] data) {
    MessageDigest md = digest.get();
    byte[] d = md.digest(data);
    return BlobRef.of(this, d);
  }

  /** The algorithm for a name such as {@code sha1}; IllegalArgumentException if unknown. */
  public static HashAlgorithm byName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (HashAlgorithm h : values()) {
      if (h.prefix.equals(n)) {
        return h;
      }
    }
    throw new IllegalArgumentException("kvs: unknown hash algorithm: " + name + " (sha1, sha256)");
  }

  private MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(jdkName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + jdkName, e);
    }
  }
}
