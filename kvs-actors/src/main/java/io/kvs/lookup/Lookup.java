package io.kvs.lookup;

import io.kvs.KvsError;
import io.kvs.content.BlobSource;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.InvalidTreeObjException;
import io.kvs.treeobj.Limits;
import io.kvs.treeobj.TreeObj;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The lookup walk of KVS-SPEC §1.6 as a pure, resumable function: it reads only what
 * {@link BlobSource} and {@link NamespaceRoots} already hold and, instead of blocking, says
 * which blobs or namespace roots to fetch. The caller fetches them and runs the same lookup
 * again; the re-run repeats the cheap part of the walk and gets further.
 *
 * <p>Choices where the reference leaves room:
 *
 * <ul>
 *   <li>A dirref whose blob decodes to a tree object other than a {@code dir}, or that names a
 *       blob count other than one, fails with NOT_RECOVERABLE (the tree is corrupt); a blob that
 *       does not decode at all fails with PROTOCOL. This includes the starting root.
 *   <li>A symlink hop rewrites the remaining key as {@code <target>.<rest>} and restarts at the
 *       target root, so the limit of {@link Limits#SYMLINK_HOPS_MAX} counts every hop of one
 *       lookup, not only nested ones: the eleventh hop fails with SYMLINK_LOOP.
 *   <li>A symlink without a namespace, or naming the namespace being walked, stays in the root
 *       being walked; after a hop into another namespace, that namespace is the one being walked.
 * </ul>
 *
 * <p>Flag bits other than READDIR, READLINK and TREEOBJ are ignored; see
 * {@link LookupFlags#validateForLookup} for the combinations a client may send.
 */
public final class Lookup {
  private Lookup() {}

  /**
   * Runs a lookup of {@code key} (raw, normalized here) at root {@code rootref}.
   *
   * @param namespace the namespace {@code rootref} belongs to, or null for a {@code rootdir}
   *     capability lookup (then symlinks without a namespace stay within that same root)
   * @param blobs blobs available now; one missing ends this run with {@link LookupStep.Stalled},
   *     which names every missing blob known at that point (all missing parts of a valref)
   * @param roots resolves other namespaces' roots for cross-namespace symlinks; an unresolved
   *     one ends this run with {@link LookupStep.NeedRoot}, a denied one with its error
   */
  public static LookupStep run(BlobRef rootref, String namespace, String key, int flags,
                               BlobSource blobs, NamespaceRoots roots) {
    Objects.requireNonNull(rootref, "rootref");
    Objects.requireNonNull(blobs, "blobs");
    Objects.requireNonNull(roots, "roots");
    String normalized = Keys.normalize(key);
    if (normalized.isEmpty()) {
      return new LookupStep.Failed(KvsError.INVALID, "kvs: key must not be empty");
    }
    return new Walk(normalized, flags, blobs, roots).run(rootref, namespace);
  }

  /**
   * One run's state. The walk level is ({@code root}, {@code namespace}, {@code path}); a
   * symlink hop replaces all three. {@code blocked} holds the reason a step returned null.
   */
  private static final class Walk {
    private final String key;
    private final int flags;
    private final BlobSource blobs;
    private final NamespaceRoots roots;
    private BlobRef root;
    private String namespace;
    private String path;
    private int hops;
    private LookupStep blocked;

    Walk(String key, int flags, BlobSource blobs, NamespaceRoots roots) {
      this.key = key;
      this.flags = flags;
      this.blobs = blobs;
      this.roots = roots;
    }

    LookupStep run(BlobRef startRoot, String startNamespace) {
      root = startRoot;
      namespace = startNamespace;
      path = key;
      boolean followFinal = (flags & (LookupFlags.READLINK | LookupFlags.TREEOBJ)) == 0;
      level:
      while (true) {
        if (path.equals(Keys.ROOT)) {
          return finish(TreeObj.DirRef.of(root));
        }
        TreeObj.Dir dir = load(root);
        if (dir == null) {
          return blocked;
        }
        int pos = 0;
        while (true) {
          int dot = path.indexOf('.', pos);
          boolean last = dot < 0;
          String name = last ? (pos == 0 ? path : path.substring(pos)) : path.substring(pos, dot);
          TreeObj entry = dir.get(name);
          if (entry == null) {
            return new LookupStep.NotFound(key);
          }
          if (entry instanceof TreeObj.Symlink link && (!last || followFinal)) {
            if (!follow(link, last ? null : path.substring(dot + 1))) {
              return blocked;
            }
            continue level;
          }
          if (last) {
            return finish(entry);
          }
          if (entry instanceof TreeObj.Dir d) {
            dir = d;
          } else if (entry instanceof TreeObj.DirRef ref) {
            dir = load(ref);
            if (dir == null) {
              return blocked;
            }
          } else {
            return new LookupStep.NotFound(key);
          }
          pos = dot + 1;
        }
      }
    }

    /**
     * Moves the walk to {@code link}'s target followed by {@code rest} (null when the link was
     * the last component); false with {@code blocked} set if it cannot.
     */
    private boolean follow(TreeObj.Symlink link, String rest) {
      if (++hops > Limits.SYMLINK_HOPS_MAX) {
        blocked = failed(KvsError.SYMLINK_LOOP, "kvs: " + key + ": more than "
            + Limits.SYMLINK_HOPS_MAX + " symlink hops");
        return false;
      }
      String linkNs = link.namespace();
      if (linkNs != null && !linkNs.equals(namespace)) {
        RootResolution r = roots.resolve(linkNs);
        if (r instanceof RootResolution.Resolved resolved) {
          root = resolved.rootref();
          namespace = linkNs;
        } else if (r instanceof RootResolution.Denied denied) {
          blocked = failed(denied.error(), denied.message());
          return false;
        } else {
          blocked = new LookupStep.NeedRoot(linkNs);
          return false;
        }
      }
      path = rewrite(Keys.normalize(link.target()), rest);
      return true;
    }

    private static String rewrite(String target, String rest) {
      if (rest == null) {
        return target;
      }
      return target.equals(Keys.ROOT) ? rest : target + "." + rest;
    }

    /** The final conversion of KVS-SPEC §1.6 step 5. */
    private LookupStep finish(TreeObj obj) {
      if ((flags & LookupFlags.TREEOBJ) != 0) {
        return new LookupStep.Found(obj);
      }
      boolean readdir = (flags & LookupFlags.READDIR) != 0;
      if (obj instanceof TreeObj.Symlink) {
        return readdir ? failed(KvsError.NOT_DIR, "kvs: " + key + " is not a directory")
            : new LookupStep.Found(obj);
      }
      if ((flags & LookupFlags.READLINK) != 0) {
        return failed(KvsError.INVALID, "kvs: " + key + " is not a symlink");
      }
      if (obj instanceof TreeObj.Dir || obj instanceof TreeObj.DirRef) {
        if (!readdir) {
          return failed(KvsError.IS_DIR, "kvs: " + key + " is a directory");
        }
        if (obj instanceof TreeObj.DirRef ref) {
          TreeObj.Dir dir = load(ref);
          return dir == null ? blocked : new LookupStep.Found(dir);
        }
        return new LookupStep.Found(obj);
      }
      if (readdir) {
        return failed(KvsError.NOT_DIR, "kvs: " + key + " is not a directory");
      }
      if (obj instanceof TreeObj.ValRef valref) {
        return concat(valref.refs());
      }
      return new LookupStep.Found(obj);
    }

    private LookupStep concat(List<BlobRef> refs) {
      Set<BlobRef> missing = null;
      long total = 0;
      for (BlobRef ref : refs) {
        Bytes part = blobs.raw(ref);
        if (part == null) {
          if (missing == null) {
            missing = new LinkedHashSet<>();
          }
          missing.add(ref);
        } else {
          total += part.length();
        }
      }
      if (missing != null) {
        return new LookupStep.Stalled(missing);
      }
      if (total > Integer.MAX_VALUE) {
        return failed(KvsError.OVERFLOW, "kvs: " + key + ": value of " + total
            + " bytes is too large to return");
      }
      if (refs.size() == 1) {
        return new LookupStep.Found(new TreeObj.Val(blobs.raw(refs.get(0))));
      }
      byte[] out = new byte[(int) total];
      int at = 0;
      for (BlobRef ref : refs) {
        byte[] part = blobs.raw(ref).unsafeArray();
        System.arraycopy(part, 0, out, at, part.length);
        at += part.length;
      }
      return new LookupStep.Found(new TreeObj.Val(Bytes.wrap(out)));
    }

    private TreeObj.Dir load(TreeObj.DirRef ref) {
      if (ref.refs().size() != 1) {
        blocked = failed(KvsError.NOT_RECOVERABLE, "kvs: " + key + ": dirref names "
            + ref.refs().size() + " blobs, exactly 1 expected");
        return null;
      }
      return load(ref.ref());
    }

    /** The dir named by {@code ref}, or null with {@code blocked} set. */
    private TreeObj.Dir load(BlobRef ref) {
      TreeObj obj;
      try {
        obj = blobs.object(ref);
      } catch (InvalidTreeObjException e) {
        String why = e.getMessage().startsWith("kvs: ") ? e.getMessage().substring(5)
            : e.getMessage();
        blocked = failed(KvsError.PROTOCOL, "kvs: " + key + ": blob " + ref
            + " is not a valid tree object: " + why);
        return null;
      }
      if (obj == null) {
        blocked = new LookupStep.Stalled(Set.of(ref));
        return null;
      }
      if (obj instanceof TreeObj.Dir dir) {
        return dir;
      }
      blocked = failed(KvsError.NOT_RECOVERABLE, "kvs: " + key + ": dirref " + ref
          + " names a " + obj.type() + ", not a dir");
      return null;
    }

    private static LookupStep failed(KvsError error, String message) {
      return new LookupStep.Failed(error, message);
    }
  }
}
