package io.kvs.lookup;

/**
 * Lookup and watch flag bits, with the numeric values of the wire protocol (KVS-SPEC §3.3).
 * Bit 32 is the commit-op APPEND flag and is not a lookup flag.
 */
public final class LookupFlags {
  public static final int READDIR = 1;
  public static final int READLINK = 2;
  public static final int WATCH = 4;
  public static final int WAITCREATE = 8;
  public static final int TREEOBJ = 16;
  public static final int WATCH_FULL = 64;
  public static final int WATCH_UNIQ = 128;
  public static final int WATCH_APPEND = 256;
  public static final int STREAM = 512;
  public static final int WATCH_INITIAL_SENTINEL = 1024;

  private LookupFlags() {}

  /**
   * Checks the flags of a non-watch lookup: only {@code 0}, {@link #TREEOBJ}, {@link #READDIR},
   * {@code READDIR|TREEOBJ} and {@link #READLINK} are accepted.
   *
   * @return null if {@code flags} is accepted, else an EINVAL message naming the flags
   */
  public static String validateForLookup(int flags) {
    if (flags == 0 || flags == TREEOBJ || flags == READDIR || flags == (READDIR | TREEOBJ)
        || flags == READLINK) {
      return null;
    }
    return "kvs: invalid lookup flags 0x" + Integer.toHexString(flags)
        + " (allowed: none, TREEOBJ, READDIR, READDIR|TREEOBJ, READLINK)";
  }
}
