package io.kvs.watch;

import io.kvs.lookup.LookupFlags;

/** Validation and questions about {@code kvs-watch.lookup} flags (KVS-SPEC §3.3). */
public final class WatchFlags {
  private static final int KNOWN = LookupFlags.READDIR | LookupFlags.READLINK | LookupFlags.WATCH
      | LookupFlags.WAITCREATE | LookupFlags.TREEOBJ | LookupFlags.WATCH_FULL
      | LookupFlags.WATCH_UNIQ | LookupFlags.WATCH_APPEND | LookupFlags.STREAM
      | LookupFlags.WATCH_INITIAL_SENTINEL;

  private WatchFlags() {}

  /** Null if the flags are a valid watch request, else what is wrong. */
  public static String problem(int flags) {
    if ((flags & ~KNOWN) != 0) {
      return "kvs: unknown watch flags 0x" + Integer.toHexString(flags & ~KNOWN);
    }
    boolean watch = has(flags, LookupFlags.WATCH);
    if (watch && has(flags, LookupFlags.STREAM)) {
      return "kvs: WATCH and STREAM cannot be combined";
    }
    int needWatch = LookupFlags.WATCH_FULL | LookupFlags.WATCH_UNIQ | LookupFlags.WATCH_APPEND
        | LookupFlags.WATCH_INITIAL_SENTINEL;
    if (!watch && (flags & needWatch) != 0) {
      return "kvs: WATCH_FULL, WATCH_UNIQ, WATCH_APPEND and WATCH_INITIAL_SENTINEL need WATCH";
    }
    if (has(flags, LookupFlags.WATCH_INITIAL_SENTINEL) && !has(flags, LookupFlags.WATCH_APPEND)) {
      return "kvs: WATCH_INITIAL_SENTINEL needs WATCH_APPEND";
    }
    if (has(flags, LookupFlags.WATCH_APPEND)
        && (flags & (LookupFlags.READDIR | LookupFlags.READLINK)) != 0) {
      return "kvs: WATCH_APPEND cannot be combined with READDIR or READLINK";
    }
    return LookupFlags.validateForLookup(flags & (LookupFlags.READDIR | LookupFlags.READLINK
        | LookupFlags.TREEOBJ));
  }

  public static boolean has(int flags, int flag) {
    return (flags & flag) != 0;
  }

  /** The flags of the plain lookups a watch makes (only READDIR, READLINK, TREEOBJ). */
  public static int lookupFlags(int flags) {
    if (has(flags, LookupFlags.WATCH_APPEND) || has(flags, LookupFlags.STREAM)) {
      return LookupFlags.TREEOBJ;
    }
    return flags & (LookupFlags.READDIR | LookupFlags.READLINK | LookupFlags.TREEOBJ);
  }
}
