package io.kvs.txn;

import io.kvs.treeobj.TreeObj;
import java.util.HashMap;
import java.util.Map;

/**
 * A directory of the working copy during one apply: the entries it started with (shared, not
 * copied) plus an overlay of what the transaction did to it. Overlay values are a
 * {@link TreeObj} (a written entry), a {@code WorkDir} (an expanded subdirectory) or
 * {@link #REMOVED}. Only directories along touched paths ever become a {@code WorkDir}.
 */
final class WorkDir {
  /** Overlay marker of an entry removed by the transaction. */
  static final Object REMOVED = new Object();

  /** The dirref this directory was loaded from; null when it is new in this transaction. */
  final TreeObj.DirRef origin;
  final Map<String, TreeObj> base;
  final Map<String, Object> overlay = new HashMap<>();
  /** True once an entry was written or removed (expansions alone do not count). */
  private boolean modified;

  WorkDir(TreeObj.DirRef origin, Map<String, TreeObj> base) {
    this.origin = origin;
    this.base = base;
  }

  /** A directory created by this transaction. */
  static WorkDir fresh(Map<String, TreeObj> entries) {
    return new WorkDir(null, entries);
  }

  /** The entry: a TreeObj, a WorkDir, or null when absent. */
  Object get(String name) {
    Object o = overlay.get(name);
    if (o == REMOVED) {
      return null;
    }
    return o != null ? o : base.get(name);
  }

  /** Writes a TreeObj or a new WorkDir. */
  void put(String name, Object value) {
    overlay.put(name, value);
    modified = true;
  }

  /** Replaces the stored dirref at {@code name} by its expansion; no change of content. */
  void expand(String name, WorkDir child) {
    overlay.put(name, child);
  }

  void remove(String name) {
    if (get(name) == null) {
      return;
    }
    if (base.containsKey(name)) {
      overlay.put(name, REMOVED);
    } else {
      overlay.remove(name);
    }
    modified = true;
  }

  /** True when this directory must be stored anew even if no subdirectory changed. */
  boolean changed() {
    return origin == null || modified;
  }
}
