package io.kvs.rank;

import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.TxnStep;
import io.kvs.txn.TxnValidation;

/**
 * The checks every rank makes on a request before routing it, so that bad input is refused
 * where it arrives, the same way on every rank.
 */
public final class RequestChecks {
  private RequestChecks() {}

  /** Null if the commit is well formed and allowed to its caller's role, else the error. */
  public static KvsException commit(KvsRank.Commit c, int maxOps) {
    TxnStep.Failed bad = TxnValidation.validate(c.namespace(), c.flags(), c.ops(), maxOps);
    if (bad == null && !c.caller().isOwner()) {
      bad = TxnValidation.checkGuest(c.ops());
    }
    return bad == null ? null : bad.error().failure(bad.message());
  }

  /** Null if the lookup's flags and rootdir are acceptable, else the error. */
  public static KvsException lookup(KvsRank.Lookup l) {
    String badFlags = LookupFlags.validateForLookup(l.flags());
    if (badFlags != null) {
      return KvsError.INVALID.failure(badFlags);
    }
    if (l.rootdir() != null
        && (!(l.rootdir() instanceof TreeObj.DirRef d) || d.refs().size() != 1)) {
      return KvsError.INVALID.failure(
          "kvs: rootdir must be a dirref with one blobref, not a " + l.rootdir().type());
    }
    if (l.rootdir() == null && l.namespace() == null) {
      return KvsError.PROTOCOL.failure("kvs: lookup needs a namespace or a rootdir");
    }
    return null;
  }

  /** The error for a namespace this rank does not know. */
  public static KvsException unknownNamespace(String namespace) {
    return KvsError.NOT_SUPPORTED.failure("kvs: namespace not found: " + namespace);
  }
}
