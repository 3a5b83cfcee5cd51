package io.kvs.lookup;

/**
 * How the caller's view resolves another namespace's current root while a lookup follows a
 * symlink into it (KVS-SPEC §1.7). The implementation applies the caller's credentials (EPERM
 * unless instance owner or namespace owner) and must not block: a root not known locally is
 * {@link RootResolution.Unresolved}, and the caller fetches it and re-runs the lookup.
 */
@FunctionalInterface
public interface NamespaceRoots {
  /** The current root of {@code namespace} as seen by the caller. Never null. */
  RootResolution resolve(String namespace);
}
