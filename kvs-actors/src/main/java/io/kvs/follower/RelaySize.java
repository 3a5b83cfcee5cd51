package io.kvs.follower;

import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import java.util.List;
import java.util.Map;

/**
 * How big a commit is on its way from a follower to rank 0, generously estimated: the
 * transport refuses a message over its frame ({@code maximum-frame-size}, 256 KiB), and a
 * refused commit would only time out; bigger commits take the large-message stream, whose
 * frame is {@code maximum-large-frame-size} (20 MiB). Pure.
 */
final class RelaySize {
  /** The most an ordinary relayed commit may take, estimated: one ordinary frame. */
  static final long MAX_BYTES = 192 * 1024;

  /** The most a large relayed commit may take, estimated: one large-message frame (20 MiB). */
  static final long MAX_LARGE_BYTES = 19L * 1024 * 1024;

  private RelaySize() {}

  /** Whether a commit of these ops needs the large-message stream. */
  static boolean large(List<Op> ops) {
    return estimate(ops) > MAX_BYTES;
  }

  /** Null if the ops can be relayed at all, else the error (EFBIG). */
  static KvsException check(List<Op> ops) {
    long n = estimate(ops);
    if (n <= MAX_LARGE_BYTES) {
      return null;
    }
    return KvsError.FILE_TOO_BIG.failure("kvs: a commit of about " + n + " bytes is too big to "
        + "relay from a follower rank (at most " + MAX_LARGE_BYTES + "); send it to rank 0's "
        + "connector");
  }

  static long estimate(List<Op> ops) {
    long n = 64;
    for (Op op : ops) {
      n += op.key().length() * 3L + 32 + estimate(op.dirent());
    }
    return n;
  }

  private static long estimate(TreeObj t) {
    if (t instanceof TreeObj.Val v) {
      return v.data().length() * 4L / 3 + 64;
    } else if (t instanceof TreeObj.ValRef r) {
      return 96L * r.refs().size() + 64;
    } else if (t instanceof TreeObj.DirRef r) {
      return 96L * r.refs().size() + 64;
    } else if (t instanceof TreeObj.Dir d) {
      long n = 64;
      for (Map.Entry<String, TreeObj> e : d.entries().entrySet()) {
        n += e.getKey().length() * 3L + 16 + estimate(e.getValue());
      }
      return n;
    } else if (t instanceof TreeObj.Symlink s) {
      return (s.target().length() + (s.namespace() == null ? 0 : s.namespace().length())) * 3L
          + 64;
    }
    return 16;
  }
}
