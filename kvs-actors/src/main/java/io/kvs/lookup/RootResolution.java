package io.kvs.lookup;

import io.kvs.KvsError;
import io.kvs.treeobj.BlobRef;
import java.util.Objects;

/** The answer of {@link NamespaceRoots#resolve}. */
public sealed interface RootResolution {
  /** The namespace's current root blobref; the caller may read it. */
  record Resolved(BlobRef rootref) implements RootResolution {
    public Resolved {
      Objects.requireNonNull(rootref, "rootref");
    }
  }

  /** Not known here yet: the lookup answers NeedRoot and the caller fetches it then re-runs. */
  record Unresolved() implements RootResolution {}

  /** Known and refused (ENOTSUP unknown/removed namespace, EPERM not the owner). */
  record Denied(KvsError error, String message) implements RootResolution {
    public Denied {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(message, "message");
    }
  }
}
