package io.kvs.lookup;

import io.kvs.KvsError;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.TreeObj;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** The outcome of one run of {@link Lookup#run}: an answer, or what to fetch before re-running. */
public sealed interface LookupStep {
  /** The value found, already converted as the lookup flags ask (KVS-SPEC §1.6 step 5). */
  record Found(TreeObj value) implements LookupStep {
    public Found {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The key, normalized, does not exist (ENOENT). */
  record NotFound(String key) implements LookupStep {
    public NotFound {
      Objects.requireNonNull(key, "key");
    }

    /** {@code "kvs: key not found: <key>"}. */
    public String message() {
      return "kvs: key not found: " + key;
    }
  }

  /** Blobs to load into the caller's {@link io.kvs.content.BlobSource} before re-running. */
  record Stalled(Set<BlobRef> missing) implements LookupStep {
    public Stalled {
      if (missing.isEmpty()) {
        throw new IllegalArgumentException("a stalled lookup misses at least one blob");
      }
      missing = Collections.unmodifiableSet(new LinkedHashSet<>(missing));
    }
  }

  /** The root of {@code namespace} must be fetched before re-running. */
  record NeedRoot(String namespace) implements LookupStep {
    public NeedRoot {
      Objects.requireNonNull(namespace, "namespace");
    }
  }

  /** A user-visible error, e.g. {@code IS_DIR} with {@code "kvs: a.b is a directory"}. */
  record Failed(KvsError error, String message) implements LookupStep {
    public Failed {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(message, "message");
    }
  }
}
