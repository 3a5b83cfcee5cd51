package io.kvs.client;

import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds the ordered op list of one transaction (KVS-SPEC §4.1), like {@code flux_kvs_txn_t}.
 * The server applies it atomically: all ops or none. Not thread-safe.
 */
public final class Txn {
  private final List<Op> ops = new ArrayList<>();

  /** Stores the UTF-8 bytes of {@code value} at {@code key}. */
  public Txn put(String key, String value) {
    return put(key, Bytes.utf8(value));
  }

  /** Stores {@code value} at {@code key}. */
  public Txn put(String key, Bytes value) {
    ops.add(Op.put(checkKey(key), new TreeObj.Val(value)));
    return this;
  }

  /** Stores any tree object at {@code key} (e.g. one read with a TREEOBJ lookup). */
  public Txn putTreeObj(String key, TreeObj obj) {
    ops.add(Op.put(checkKey(key), obj));
    return this;
  }

  /** Appends the UTF-8 bytes of {@code value} to the value at {@code key}. */
  public Txn append(String key, String value) {
    return append(key, Bytes.utf8(value));
  }

  /** Appends {@code value} to the value at {@code key}, creating it when absent. */
  public Txn append(String key, Bytes value) {
    ops.add(Op.append(checkKey(key), new TreeObj.Val(value)));
    return this;
  }

  /** Writes an empty directory at {@code key}. */
  public Txn mkdir(String key) {
    ops.add(Op.mkdir(checkKey(key)));
    return this;
  }

  /** Removes {@code key} (and everything under it); absent keys are a no-op. */
  public Txn unlink(String key) {
    ops.add(Op.unlink(checkKey(key)));
    return this;
  }

  /** Makes {@code key} a symlink to {@code target}, in {@code namespace} unless it is null. */
  public Txn symlink(String key, String namespace, String target) {
    ops.add(Op.symlink(checkKey(key), namespace, target));
    return this;
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }

  /** The ops in order. */
  public List<Op> ops() {
    return Collections.unmodifiableList(ops);
  }

  private static String checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("kvs: empty key");
    }
    return key;
  }
}
