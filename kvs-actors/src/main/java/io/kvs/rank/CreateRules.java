package io.kvs.rank;

import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.content.BlobSource;
import io.kvs.treeobj.InvalidTreeObjException;
import io.kvs.treeobj.TreeObj;
import java.util.function.Predicate;

/** The checks of {@code kvs.namespace-create} (KVS-SPEC §2.3), in the order they apply. */
final class CreateRules {
  /** The owner value meaning "the instance owner" (FLUX_USERID_UNKNOWN). */
  static final long OWNER_UNKNOWN = 0xFFFFFFFFL;
  private static final long UID_MAX = 0xFFFFFFFFL;

  private CreateRules() {}

  /** Null if the create may proceed, else the error to answer. */
  static KvsException check(KvsRank.CreateNamespace c, Predicate<String> exists, BlobSource blobs) {
    if (!c.caller().isOwner()) {
      return KvsError.PERMISSION.failure(
          "kvs: permission denied: only the instance owner may create namespaces");
    }
    String bad = NamespaceNames.problem(c.namespace());
    if (bad != null) {
      return KvsError.INVALID.failure(bad);
    }
    if (NamespaceNames.isPrimary(c.namespace()) || exists.test(c.namespace())) {
      return KvsError.EXISTS.failure("kvs: namespace already exists: " + c.namespace());
    }
    if (c.owner() != -1 && (c.owner() < 0 || c.owner() > UID_MAX)) {
      return KvsError.INVALID.failure("kvs: invalid owner " + c.owner()
          + ": a uid is 0.." + UID_MAX + " (or -1 for the instance owner)");
    }
    if (c.flags() != 0) {
      return KvsError.INVALID.failure("kvs: namespace flags must be 0, got " + c.flags());
    }
    return c.rootref() == null ? null : checkRootref(c, blobs);
  }

  private static KvsException checkRootref(KvsRank.CreateNamespace c, BlobSource blobs) {
    TreeObj root;
    try {
      root = blobs.object(c.rootref());
    } catch (InvalidTreeObjException e) {
      return KvsError.INVALID.failure("kvs: rootref " + c.rootref() + " is not a directory: "
          + e.getMessage());
    }
    if (root == null) {
      return KvsError.INVALID.failure("kvs: rootref " + c.rootref()
          + " is not in the content store");
    }
    if (!(root instanceof TreeObj.Dir)) {
      return KvsError.INVALID.failure("kvs: rootref " + c.rootref() + " is a " + root.type()
          + ", not a directory");
    }
    return null;
  }

  /** The owner to record: the instance owner for -1 or FLUX_USERID_UNKNOWN. */
  static long effectiveOwner(long requested, long instanceOwner) {
    return requested == -1 || requested == OWNER_UNKNOWN ? instanceOwner : requested;
  }
}
