package io.kvs.treeobj;

/** Fixed limits of the data model (KVS-SPEC §9). */
public final class Limits {
  /** A {@code val} whose base64 text is longer than this is stored as its own blob. */
  public static final int INLINE_BASE64_MAX = 72;
  /** Symlink hops in one lookup before ELOOP. */
  public static final int SYMLINK_HOPS_MAX = 10;

  private Limits() {}

  /** {@code s} quoted and shortened for an error message. */
  public static String quote(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= 80 ? "\"" + s + "\"" : "\"" + s.substring(0, 77) + "...\"";
  }
}
