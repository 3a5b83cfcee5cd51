package io.kvs.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.kvs.KvsSerializable;
import io.kvs.treeobj.BlobRef;
import java.util.List;

/**
 * A fact about a namespace, published by the root rank on the namespace's shard topic. Every
 * event carries the root rank's {@code epoch} (its incarnation), so a rank that outlives a
 * restarted root rank can tell old roots from new ones.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
  @JsonSubTypes.Type(value = KvsEvent.RootChanged.class, name = "setroot"),
  @JsonSubTypes.Type(value = KvsEvent.CommitFailed.class, name = "error"),
  @JsonSubTypes.Type(value = KvsEvent.NamespaceCreated.class, name = "created"),
  @JsonSubTypes.Type(value = KvsEvent.NamespaceRemoved.class, name = "removed"),
  @JsonSubTypes.Type(value = KvsEvent.Ping.class, name = "ping")
})
public sealed interface KvsEvent extends KvsSerializable
    permits KvsEvent.RootChanged, KvsEvent.CommitFailed, KvsEvent.NamespaceCreated,
        KvsEvent.NamespaceRemoved, KvsEvent.Ping {

  String namespace();

  long epoch();

  /**
   * setroot: a transaction (or a merged batch, named by {@code names}) installed a new root.
   * {@code blobs} are the blobs the commit created, when they are small enough to travel with
   * the event ({@code kvs.events.inline-blob-bytes}), so that a follower reading the new root
   * finds them in its cache instead of fetching them from the root rank; often empty.
   * {@code keysUnknown}: the commit touched too many keys for one message, so {@code keys}
   * (and {@code names}) were left out: any key may have changed.
   */
  record RootChanged(
      String namespace,
      long epoch,
      long rootseq,
      BlobRef rootref,
      List<String> names,
      List<String> keys,
      long owner,
      List<InlineBlob> blobs,
      boolean keysUnknown)
      implements KvsEvent {

    @com.fasterxml.jackson.annotation.JsonCreator
    public RootChanged {
      names = names == null ? List.of() : names;
      keys = keys == null ? List.of() : keys;
      blobs = blobs == null ? List.of() : blobs;
    }

    /** A setroot that names its keys and carries {@code blobs}. */
    public RootChanged(String namespace, long epoch, long rootseq, BlobRef rootref,
        List<String> names, List<String> keys, long owner, List<InlineBlob> blobs) {
      this(namespace, epoch, rootseq, rootref, names, keys, owner, blobs, false);
    }

    /** A setroot that names its keys and carries no blobs. */
    public RootChanged(String namespace, long epoch, long rootseq, BlobRef rootref,
        List<String> names, List<String> keys, long owner) {
      this(namespace, epoch, rootseq, rootref, names, keys, owner, List.of());
    }

    /**
     * This event, or one small enough to travel in one message of at most {@code maxBytes}
     * (as {@link EventBatch#estimatedSize} counts): first without its blobs, then without its
     * keys and names ({@code keysUnknown}).
     */
    public RootChanged fitted(long maxBytes) {
      if (EventBatch.estimatedSize(this) <= maxBytes) {
        return this;
      }
      RootChanged bare = new RootChanged(namespace, epoch, rootseq, rootref, names, keys, owner);
      if (EventBatch.estimatedSize(bare) <= maxBytes) {
        return bare;
      }
      return new RootChanged(namespace, epoch, rootseq, rootref, List.of(), List.of(), owner,
          List.of(), true);
    }
  }

  /** A blob and its reference, carried by a setroot event. */
  record InlineBlob(BlobRef ref, byte[] data) implements KvsSerializable {}

  /** error: the named transactions failed with {@code errnum}. */
  record CommitFailed(String namespace, long epoch, List<String> names, int errnum)
      implements KvsEvent {}

  /** created: a namespace now exists at {@code rootseq} (0) and {@code rootref}. */
  record NamespaceCreated(String namespace, long epoch, long rootseq, BlobRef rootref, long owner)
      implements KvsEvent {}

  /** removed: the namespace no longer exists. */
  record NamespaceRemoved(String namespace, long epoch) implements KvsEvent {}

  /**
   * ping: published on request on a namespace's topic. A rank that receives it knows that its
   * subscription to that topic has reached the root rank, so every later event reaches it.
   */
  record Ping(String namespace, long epoch, long nonce) implements KvsEvent {}
}
