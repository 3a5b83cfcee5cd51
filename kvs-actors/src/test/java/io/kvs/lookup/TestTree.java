package io.kvs.lookup;

import io.kvs.content.MemoryContentStore;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds trees in a memory content store and runs lookups against them. */
final class TestTree {
  final MemoryContentStore store = new MemoryContentStore(HashAlgorithm.SHA256, 1 << 20);
  final Map<String, RootResolution> namespaces = new HashMap<>();
  final NamespaceRoots roots =
      ns -> namespaces.getOrDefault(ns, new RootResolution.Unresolved());

  /** Stores {@code obj} as its canonical JSON. */
  BlobRef put(TreeObj obj) {
    return store.store(Bytes.wrap(TreeObjCodec.encode(obj)));
  }

  /** Stores {@code dir} and returns a dirref to it. */
  TreeObj.DirRef dirref(TreeObj.Dir dir) {
    return TreeObj.DirRef.of(put(dir));
  }

  /** Stores raw bytes, as a valref part. */
  BlobRef raw(String s) {
    return store.store(Bytes.utf8(s));
  }

  /** Makes {@code namespace} resolve to {@code root}. */
  void namespace(String namespace, BlobRef root) {
    namespaces.put(namespace, new RootResolution.Resolved(root));
  }

  LookupStep lookup(BlobRef root, String namespace, String key, int flags) {
    return Lookup.run(root, namespace, key, flags, store, roots);
  }

  LookupStep lookup(BlobRef root, String key, int flags) {
    return lookup(root, "primary", key, flags);
  }

  /** A dir of alternating names and tree objects. */
  static TreeObj.Dir dir(Object... namesAndValues) {
    Map<String, TreeObj> entries = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      entries.put((String) namesAndValues[i], (TreeObj) namesAndValues[i + 1]);
    }
    return new TreeObj.Dir(entries);
  }

  static TreeObj.Val val(String s) {
    return TreeObj.Val.utf8(s);
  }

  static TreeObj.Symlink link(String target) {
    return TreeObj.Symlink.to(target);
  }

  static TreeObj.Symlink link(String namespace, String target) {
    return new TreeObj.Symlink(target, namespace);
  }
}
