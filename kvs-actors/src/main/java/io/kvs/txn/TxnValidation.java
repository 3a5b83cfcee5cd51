package io.kvs.txn;

import io.kvs.KvsError;
import io.kvs.treeobj.Limits;
import io.kvs.treeobj.TreeObj;
import java.util.List;

/**
 * Checks a commit before it is queued. Both checks are structural and cheap (no blob access);
 * each returns null when the commit passes, else the failure to reply with.
 */
public final class TxnValidation {
  /** The only namespace in which SYNC is valid (KVS-SPEC §4.3). */
  public static final String PRIMARY = "primary";

  private TxnValidation() {}

  /**
   * Structural checks, in this order: commit flags only known bits (INVALID); at most
   * {@code maxOps} ops (TOO_BIG); SYNC only in namespace "primary" (INVALID); then per op: a
   * non-null, non-empty key that does not normalize to the root "." (INVALID), op flags 0 or
   * APPEND (INVALID), APPEND only with a {@code val} dirent (PROTOCOL).
   *
   * @return null when valid, else the first failure
   */
  public static TxnStep.Failed validate(String namespace, int commitFlags, List<Op> ops,
      int maxOps) {
    if ((commitFlags & ~CommitFlags.ALL) != 0) {
      return new TxnStep.Failed(KvsError.INVALID,
          "kvs: invalid commit flags: 0x" + Integer.toHexString(commitFlags));
    }
    if (ops.size() > maxOps) {
      return new TxnStep.Failed(KvsError.TOO_BIG, "kvs: too many ops in transaction: "
          + ops.size() + " > " + maxOps + " (kvs.max-txn-ops)");
    }
    if ((commitFlags & CommitFlags.SYNC) != 0 && !PRIMARY.equals(namespace)) {
      return new TxnStep.Failed(KvsError.INVALID,
          "kvs: SYNC is only valid in namespace primary, not " + Limits.quote(namespace));
    }
    for (Op op : ops) {
      TxnStep.Failed f = validateOp(op);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /** The checks of {@link #validate} for one op; also used by the applier as a guard. */
  static TxnStep.Failed validateOp(Op op) {
    if (op == null) {
      return new TxnStep.Failed(KvsError.PROTOCOL, "kvs: null op in transaction");
    }
    String key = op.key();
    if (key == null || key.isEmpty()) {
      return new TxnStep.Failed(KvsError.INVALID, "kvs: empty key in transaction");
    }
    if (TxnKeys.normalize(key).equals(TxnKeys.ROOT)) {
      return new TxnStep.Failed(KvsError.INVALID,
          "kvs: the root directory can not be written: key " + Limits.quote(key));
    }
    if (op.flags() != 0 && op.flags() != OpFlags.APPEND) {
      return new TxnStep.Failed(KvsError.INVALID, "kvs: invalid op flags 0x"
          + Integer.toHexString(op.flags()) + " for key " + Limits.quote(key));
    }
    if (op.isAppend() && !(op.dirent() instanceof TreeObj.Val)) {
      return new TxnStep.Failed(KvsError.PROTOCOL, "kvs: append needs a val, not "
          + (op.dirent() == null ? "an unlink" : "a " + op.dirent().type())
          + ": key " + Limits.quote(key));
    }
    return null;
  }

  /**
   * The guest rule (KVS-SPEC §2.2): a caller who is not the instance owner may commit only
   * {@code val} dirents, unlinks and empty {@code dir}s. Checked before the namespace lookup.
   *
   * @return null when allowed, else a PERMISSION failure naming the first offending op
   */
  public static TxnStep.Failed checkGuest(List<Op> ops) {
    for (Op op : ops) {
      TreeObj d = op == null ? null : op.dirent();
      if (d == null || d instanceof TreeObj.Val) {
        continue;
      }
      if (d instanceof TreeObj.Dir dir && dir.size() == 0) {
        continue;
      }
      String what = d instanceof TreeObj.Dir ? "non-empty dir" : d.type();
      return new TxnStep.Failed(KvsError.PERMISSION,
          "kvs: guests may not commit a " + what + ": key " + Limits.quote(op.key()));
    }
    return null;
  }
}
