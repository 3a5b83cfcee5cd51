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
 */
public final class ContentService {
  /** The service's protocol. */
  public interface Command extends KvsSerializable {}

  /** Load these blobs. */
  public record LoadBlobs(List<BlobRef> refs, ActorRef<Blobs> replyTo) implements Command {}

  /** The blobs found, and the refs that are not in the store. */
  public record Blobs(List<Blob> found, List<BlobRef> missing) implements KvsSerializable {}

  /** One blob. */
  public record Blob(BlobRef ref, Bytes data) implements KvsSerializable {}

  private ContentService() {}

  public static Behavior<Command> create(ContentStore store) {
    return Behaviors.receive(Command.class)
        .onMessage(LoadBlobs.class, load -> {
          List<Blob> found = new ArrayList<>(load.refs().size());
          List<BlobRef> missing = new ArrayList<>();
          for (BlobRef ref : load.refs()) {
            Bytes data = store.raw(ref);
            if (data == null) {
              missing.add(ref);
            } else {
              found.add(new Blob(ref, data));
            }
          }
          load.replyTo().tell(new Blobs(found, missing));
          return Behaviors.same();
        })
        .build();
  }
}
