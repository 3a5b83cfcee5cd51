package io.kvs.txn;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.kvs.treeobj.TreeObj;

/**
 * One transaction op (KVS-SPEC §4.1): write {@code dirent} at {@code key}, or unlink the key
 * when {@code dirent} is null. {@code flags} is 0 or {@link OpFlags#APPEND}. Travels as the
 * JSON object {@code {key, flags, dirent}}. Construction does not validate: that is
 * {@link TxnValidation#validate}'s job, so a bad op from the wire can be reported as a value.
 */
public record Op(String key, int flags, TreeObj dirent) {

  /** Writes {@code dirent} at {@code key}, replacing what is there. */
  public static Op put(String key, TreeObj dirent) {
    return new Op(key, 0, dirent);
  }

  /** Removes {@code key}; removing an absent key is a no-op. */
  public static Op unlink(String key) {
    return new Op(key, 0, null);
  }

  /** Appends {@code v} to the value at {@code key} (creating it when absent). */
  public static Op append(String key, TreeObj.Val v) {
    return new Op(key, OpFlags.APPEND, v);
  }

  /** Writes an empty directory at {@code key}. */
  public static Op mkdir(String key) {
    return new Op(key, 0, TreeObj.Dir.EMPTY);
  }

  /** Writes a symlink to {@code target}, in {@code namespace} when it is not null. */
  public static Op symlink(String key, String namespace, String target) {
    return new Op(key, 0, new TreeObj.Symlink(target, namespace));
  }

  /** True for an unlink. */
  @JsonIgnore
  public boolean isUnlink() {
    return dirent == null;
  }

  /** True when the APPEND flag is set. */
  @JsonIgnore
  public boolean isAppend() {
    return (flags & OpFlags.APPEND) != 0;
  }
}
