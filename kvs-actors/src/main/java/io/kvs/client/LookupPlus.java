package io.kvs.client;

import io.kvs.treeobj.TreeObj;

/**
 * The answer of {@code kvs.lookup-plus}: the value found, or null when the key does not exist,
 * and the root of the namespace that answered.
 */
public record LookupPlus(TreeObj val, long rootseq, String rootref) {
  /** Whether the key exists at that root. */
  public boolean found() {
    return val != null;
  }
}
