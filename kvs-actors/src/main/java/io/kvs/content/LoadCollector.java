package io.kvs.content;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One load of blobs from the root rank's {@link ContentService}, for a {@link BlobFetcher}: a
 * short-lived child that sends the load, gathers the answer's pieces (in order: the transport
 * keeps the order of one sender's messages), joins the chunks of big blobs, and reports the
 * whole answer, or a timeout, to the fetcher once. Pure gathering is in {@link Assembly}.
 */
final class LoadCollector {
  private LoadCollector() {}

  private enum Timeout { INSTANCE }

  /** The blobs of an answer as its pieces arrive. Pure. */
  static final class Assembly {
    private final List<ContentService.Blob> found = new ArrayList<>();
    private final List<BlobRef> missing = new ArrayList<>();
    private final Map<BlobRef, byte[]> partial = new HashMap<>();
    private final Map<BlobRef, Long> filled = new HashMap<>();

    /** Adds a piece; the whole answer once its last piece is in, else null. */
    ContentService.Blobs add(ContentService.Piece p) {
      found.addAll(p.found());
      missing.addAll(p.missing());
      ContentService.Chunk c = p.chunk();
      if (c != null) {
        byte[] all = partial.computeIfAbsent(c.ref(), r -> new byte[(int) c.total()]);
        byte[] data = c.data().unsafeArray();
        System.arraycopy(data, 0, all, (int) c.offset(), data.length);
        long done = filled.merge(c.ref(), (long) data.length, Long::sum);
        if (done == c.total()) {
          partial.remove(c.ref());
          filled.remove(c.ref());
          found.add(new ContentService.Blob(c.ref(), Bytes.wrap(all)));
        }
      }
      if (!p.last()) {
        return null;
      }
      missing.addAll(partial.keySet()); // incomplete: never the case when nothing was lost
      return new ContentService.Blobs(found, missing);
    }
  }

  /** Loads {@code refs} from {@code content}; the fetcher gets {@link BlobFetcher.Loaded}. */
  static Behavior<Object> create(List<BlobRef> refs, ActorRef<ContentService.Command> content,
      Duration timeout, ActorRef<BlobFetcher.Command> fetcher) {
    return Behaviors.setup(ctx -> {
      content.tell(new ContentService.LoadBlobs(refs, ctx.getSelf().narrow()));
      Assembly assembly = new Assembly();
      return Behaviors.withTimers(timers -> {
        timers.startSingleTimer(Timeout.INSTANCE, timeout);
        return Behaviors.receiveMessage(m -> {
          if (m instanceof ContentService.Piece p) {
            ContentService.Blobs whole = assembly.add(p);
            if (whole == null) {
              return Behaviors.same();
            }
            fetcher.tell(new BlobFetcher.Loaded(refs, whole, null));
          } else {
            fetcher.tell(new BlobFetcher.Loaded(refs, null, new TimeoutException(
                "no complete answer within " + timeout.toMillis() + " ms")));
          }
          return Behaviors.stopped();
        });
      });
    });
  }
}
