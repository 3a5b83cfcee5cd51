package io.kvs.txn;

import io.kvs.KvsError;
import io.kvs.content.BlobSource;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.InvalidTreeObjException;
import io.kvs.treeobj.Limits;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Applies the ops of a transaction to a namespace's tree (KVS-SPEC §4.2), copy-on-write: the
 * result is a new root blobref plus the blobs to store, never a change to existing blobs.
 *
 * <p>Pure and non-blocking: blobs are read only through the given {@link BlobSource}; when one
 * is not available the result is {@link TxnStep.Stalled} with every missing blob found (the
 * remaining ops are still walked to collect more), and the caller fetches them and calls
 * {@link #apply} again from scratch, which makes replays safe for appends. Only directories
 * along the touched paths are loaded and re-stored; cost is proportional to those paths and
 * the sizes of the directories on them, not to the tree. Thread-safe (no mutable state).
 */
public final class TxnApplier {
  private final HashAlgorithm hash;
  private final long blobSizeLimit;

  /** {@code blobSizeLimit}: the largest blob the content store accepts, in bytes. */
  public TxnApplier(HashAlgorithm hash, long blobSizeLimit) {
    if (hash == null || blobSizeLimit < 0) {
      throw new IllegalArgumentException("kvs: TxnApplier needs a hash and a limit >= 0");
    }
    this.hash = hash;
    this.blobSizeLimit = blobSizeLimit;
  }

  /**
   * Applies {@code ops} in order, atomically, to the tree at {@code rootref} of
   * {@code namespace}: either every op takes effect ({@link TxnStep.Finished}) or none does
   * ({@link TxnStep.Failed}, or {@link TxnStep.Stalled} for a retry).
   */
  public TxnStep apply(String namespace, BlobRef rootref, List<Op> ops, BlobSource blobs) {
    String[] keys = new String[ops.size()];
    SortedSet<String> keySet = new TreeSet<>();
    for (int i = 0; i < keys.length; i++) {
      TxnStep.Failed f = TxnValidation.validateOp(ops.get(i));
      if (f != null) {
        return f;
      }
      keys[i] = TxnKeys.normalize(ops.get(i).key());
      keySet.add(keys[i]);
    }
    SortedSet<String> sortedKeys = Collections.unmodifiableSortedSet(keySet);
    if (ops.isEmpty()) {
      return new TxnStep.Finished(rootref, Map.of(), sortedKeys);
    }
    return new Run(namespace, blobs).execute(TreeObj.DirRef.of(rootref), ops, keys, sortedKeys);
  }

  /** The state of one apply call. */
  private final class Run {
    private final String namespace;
    private final BlobSource blobs;
    private final Set<BlobRef> missing = new LinkedHashSet<>();
    /** Raw blobs made by appends; stored only if a valref in the result names them. */
    private final Map<BlobRef, Bytes> appended = new HashMap<>();
    private final Map<BlobRef, Bytes> newBlobs = new LinkedHashMap<>();
    private final Map<BlobRef, TreeObj.Dir> newDirs = new HashMap<>();

    Run(String namespace, BlobSource blobs) {
      this.namespace = namespace;
      this.blobs = blobs;
    }

    TxnStep execute(TreeObj.DirRef rootref, List<Op> ops, String[] keys,
        SortedSet<String> sortedKeys) {
      try {
        TreeObj.Dir rootDir = load(rootref, TxnKeys.ROOT);
        if (rootDir == null) {
          return new TxnStep.Stalled(Collections.unmodifiableSet(missing));
        }
        WorkDir root = new WorkDir(rootref, rootDir.entries());
        for (int i = 0; i < keys.length; i++) {
          try {
            applyOp(root, keys[i], ops.get(i));
          } catch (Abort a) {
            if (missing.isEmpty()) {
              throw a;
            }
            break; // may stem from an op skipped for a missing blob: decide on the replay
          }
        }
        if (!missing.isEmpty()) {
          return new TxnStep.Stalled(Collections.unmodifiableSet(missing));
        }
        TreeObj.DirRef newRoot = unrollDir(root);
        if (newRoot == rootref) {
          return new TxnStep.Finished(rootref.ref(), Map.of(), sortedKeys);
        }
        return new TxnStep.Finished(newRoot.ref(), Collections.unmodifiableMap(newBlobs),
            sortedKeys, Collections.unmodifiableMap(newDirs));
      } catch (Abort a) {
        return a.failed;
      }
    }

    /** Walks to the parent of the final component, then applies the op there. */
    private void applyOp(WorkDir root, String key, Op op) {
      int hops = 0;
      walk:
      while (true) {
        List<String> names = TxnKeys.components(key);
        WorkDir dir = root;
        for (int i = 0; i < names.size() - 1; i++) {
          String name = names.get(i);
          Object entry = dir.get(name);
          if (entry instanceof WorkDir w) {
            dir = w;
            continue;
          }
          if (entry instanceof TreeObj.Symlink s) {
            if (s.namespace() != null && !s.namespace().equals(namespace)) {
              throw new Abort(KvsError.INVALID, "kvs: can not write through a symlink into "
                  + "namespace " + Limits.quote(s.namespace()) + ": key " + Limits.quote(op.key()));
            }
            if (++hops > Limits.SYMLINK_HOPS_MAX) {
              throw new Abort(KvsError.SYMLINK_LOOP,
                  "kvs: too many levels of symbolic links: key " + Limits.quote(op.key()));
            }
            key = TxnKeys.redirect(s.target(), names, i + 1);
            continue walk;
          }
          WorkDir next;
          if (entry instanceof TreeObj.DirRef r) {
            TreeObj.Dir loaded = load(r, op.key());
            if (loaded == null) {
              return;
            }
            next = new WorkDir(r, loaded.entries());
            dir.expand(name, next);
          } else if (entry instanceof TreeObj.Dir d) {
            next = WorkDir.fresh(d.entries());
            dir.put(name, next);
          } else if (op.isUnlink()) {
            return; // absent, or under a value: the key does not exist
          } else {
            next = WorkDir.fresh(Map.of()); // absent, or a value in the way: replaced
            dir.put(name, next);
          }
          dir = next;
        }
        applyFinal(dir, names.get(names.size() - 1), op);
        return;
      }
    }

    private void applyFinal(WorkDir dir, String name, Op op) {
      if (op.isUnlink()) {
        dir.remove(name);
        return;
      }
      if (!op.isAppend()) {
        dir.put(name, op.dirent());
        return;
      }
      TreeObj.Val v = (TreeObj.Val) op.dirent();
      Object cur = dir.get(name);
      if (cur == null) {
        dir.put(name, v);
      } else if (cur instanceof TreeObj.Val old) {
        dir.put(name, new TreeObj.ValRef(List.of(appendBlob(old.data()), appendBlob(v.data()))));
      } else if (cur instanceof TreeObj.ValRef vr) {
        dir.put(name, vr.append(appendBlob(v.data())));
      } else if (cur instanceof TreeObj.Symlink) {
        throw new Abort(KvsError.NOT_SUPPORTED,
            "kvs: can not append to a symlink: key " + Limits.quote(op.key()));
      } else {
        throw new Abort(KvsError.IS_DIR,
            "kvs: can not append to a directory: key " + Limits.quote(op.key()));
      }
    }

    private BlobRef appendBlob(Bytes data) {
      checkSize(data.length());
      BlobRef ref = hash.hash(data.unsafeArray());
      appended.put(ref, data);
      return ref;
    }

    /** The directory named by {@code r}, or null after recording it as missing. */
    private TreeObj.Dir load(TreeObj.DirRef r, String key) {
      if (r.refs().size() != 1) {
        throw new Abort(KvsError.NOT_RECOVERABLE, "kvs: dirref must name exactly one blob, not "
            + r.refs().size() + ": key " + Limits.quote(key));
      }
      TreeObj obj;
      try {
        obj = blobs.object(r.ref());
      } catch (InvalidTreeObjException e) {
        throw new Abort(KvsError.PROTOCOL, "kvs: blob " + r.ref() + " is not a treeobj: "
            + e.getMessage());
      }
      if (obj == null) {
        missing.add(r.ref());
        return null;
      }
      if (!(obj instanceof TreeObj.Dir d)) {
        throw new Abort(KvsError.NOT_RECOVERABLE, "kvs: dirref " + r.ref() + " names a "
            + obj.type() + ", not a dir: key " + Limits.quote(key));
      }
      return d;
    }

    /**
     * Stores {@code d} unrolled, children first, unless neither it nor any subdirectory
     * changed: then its original dirref (the same instance) is returned and nothing is stored.
     */
    private TreeObj.DirRef unrollDir(WorkDir d) {
      boolean changed = d.changed();
      Map<String, TreeObj> resolved = new HashMap<>(d.overlay.size() * 2);
      for (Map.Entry<String, Object> e : d.overlay.entrySet()) {
        Object v = e.getValue();
        if (v instanceof WorkDir w) {
          TreeObj.DirRef r = unrollDir(w);
          changed |= r != w.origin;
          resolved.put(e.getKey(), r);
        } else if (v != WorkDir.REMOVED) {
          resolved.put(e.getKey(), unrollObj((TreeObj) v));
        }
      }
      if (!changed) {
        return d.origin;
      }
      Map<String, TreeObj> entries;
      if (d.origin != null) {
        entries = new HashMap<>(d.base); // stored before: already unrolled
      } else {
        entries = new HashMap<>((d.base.size() + d.overlay.size()) * 2);
        for (Map.Entry<String, TreeObj> e : d.base.entrySet()) {
          if (!d.overlay.containsKey(e.getKey())) {
            entries.put(e.getKey(), unrollObj(e.getValue()));
          }
        }
      }
      for (Map.Entry<String, Object> e : d.overlay.entrySet()) {
        if (e.getValue() == WorkDir.REMOVED) {
          entries.remove(e.getKey());
        } else {
          entries.put(e.getKey(), resolved.get(e.getKey()));
        }
      }
      TreeObj.Dir dir = new TreeObj.Dir(entries);
      BlobRef ref = store(Bytes.wrap(TreeObjCodec.encode(dir)));
      newDirs.put(ref, dir);
      return TreeObj.DirRef.of(ref);
    }

    /** A written entry as stored: long vals as valrefs, dirs as dirrefs. */
    private TreeObj unrollObj(TreeObj t) {
      if (t instanceof TreeObj.Val v) {
        return v.data().base64Length() > Limits.INLINE_BASE64_MAX
            ? TreeObj.ValRef.of(store(v.data())) : v;
      }
      if (t instanceof TreeObj.ValRef vr) {
        for (BlobRef r : vr.refs()) {
          Bytes raw = appended.get(r);
          if (raw != null) {
            newBlobs.putIfAbsent(r, raw);
          }
        }
        return vr;
      }
      if (t instanceof TreeObj.Dir d) {
        return unrollDir(WorkDir.fresh(d.entries()));
      }
      return t;
    }

    private BlobRef store(Bytes data) {
      checkSize(data.length());
      BlobRef ref = hash.hash(data.unsafeArray());
      newBlobs.putIfAbsent(ref, data);
      return ref;
    }

    private void checkSize(int length) {
      if (length > blobSizeLimit) {
        throw new Abort(KvsError.FILE_TOO_BIG, "kvs: blob of " + length
            + " bytes exceeds the limit of " + blobSizeLimit + " bytes (kvs.content.blob-size-limit)");
      }
    }
  }

  /** Unwinds one apply to its failure; never escapes this class. */
  private static final class Abort extends RuntimeException {
    final TxnStep.Failed failed;

    Abort(KvsError error, String message) {
      super(message, null, false, false);
      this.failed = new TxnStep.Failed(error, message);
    }
  }
}
