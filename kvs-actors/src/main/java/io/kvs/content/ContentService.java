package io.kvs.content;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.kvs.KvsSerializable;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * The root rank's content service: answers follower ranks' blob loads from the authoritative
 * store. Stateless apart from the store; one per root rank.
 *
 * <p>An answer is one or more {@link Piece}s, in order, the last one marked: a piece holds at
 * most {@link #PIECE_BYTES} of blob data, and a bigger blob travels in {@link Chunk}s, so that
 * no message comes near the transport's frame limit (Artery refuses a message over its
 * {@code maximum-frame-size}, 256 KiB by default, while a blob may be up to {@code
 * kvs.content.blob-size-limit}).
 */
public final class ContentService {
  /** The service's protocol. */
  public interface Command extends KvsSerializable {}

  /** Most blob bytes in one piece of an answer. */
  public static final int PIECE_BYTES = 96 * 1024;

  /** Load these blobs; the answer is pieces to {@code replyTo}. */
  public record LoadBlobs(List<BlobRef> refs, ActorRef<Piece> replyTo) implements Command {}

  /**
   * Part of an answer: whole blobs found, refs not in the store, and perhaps a chunk of a big
   * blob. {@code last}: the answer ends here.
   */
  public record Piece(List<Blob> found, List<BlobRef> missing, Chunk chunk, boolean last)
      implements KvsSerializable {}

  /** {@code data} is the part of blob {@code ref} ({@code total} bytes) at {@code offset}. */
  public record Chunk(BlobRef ref, long offset, long total, Bytes data)
      implements KvsSerializable {}

  /** The blobs found, and the refs that are not in the store: a whole answer, assembled. */
  public record Blobs(List<Blob> found, List<BlobRef> missing) {}

  /** One blob. */
  public record Blob(BlobRef ref, Bytes data) implements KvsSerializable {}

  private ContentService() {}

  public static Behavior<Command> create(ContentStore store) {
    return Behaviors.receive(Command.class)
        .onMessage(LoadBlobs.class, load -> {
          pieces(load.refs(), store, PIECE_BYTES).forEach(load.replyTo()::tell);
          return Behaviors.same();
        })
        .build();
  }

  /** The answer to a load of {@code refs}, in pieces of at most {@code max} blob bytes. */
  static List<Piece> pieces(List<BlobRef> refs, BlobSource store, int max) {
    List<Piece> out = new ArrayList<>();
    List<Blob> found = new ArrayList<>();
    List<BlobRef> missing = new ArrayList<>();
    long size = 0;
    for (BlobRef ref : refs) {
      Bytes data = store.raw(ref);
      if (data == null) {
        missing.add(ref);
      } else if (data.length() > max) {
        byte[] all = data.unsafeArray();
        for (int off = 0; off < all.length; off += max) {
          int n = Math.min(max, all.length - off);
          byte[] part = java.util.Arrays.copyOfRange(all, off, off + n);
          out.add(new Piece(List.of(), List.of(), new Chunk(ref, off, all.length,
              Bytes.wrap(part)), false));
        }
      } else {
        if (size + data.length() > max) {
          out.add(new Piece(found, List.of(), null, false));
          found = new ArrayList<>();
          size = 0;
        }
        found.add(new Blob(ref, data));
        size += data.length();
      }
    }
    out.add(new Piece(found, missing, null, true));
    return out;
  }
}
