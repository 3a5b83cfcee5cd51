package io.kvs.watch;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.pattern.StatusReply;
import io.kvs.Asks;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.content.BlobFetcher;
import io.kvs.content.BlobSource;
import io.kvs.events.KvsEvent;
import io.kvs.namespace.LookupResult;
import io.kvs.namespace.RootSnapshot;
import io.kvs.rank.KvsRank;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.TreeObj;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What the {@link Watcher}s of a {@link WatchService} ask of the rank, done from the service's
 * actor: each ask's answer comes back to the service as an {@link Answer}, which hands it to
 * its watcher. Asks that fail reach the watcher as errors (ETIMEDOUT when unanswered).
 */
final class WatcherIo implements Watcher.Io {

  /** An answer for one watcher, delivered on the service's thread. */
  interface Answer extends WatchProtocol.Command {
    Watcher w();

    void deliver();
  }

  private record RootRead(Watcher w, StatusReply<RootSnapshot> reply, Throwable failure,
      boolean resync) implements Answer {
    @Override
    public void deliver() {
      KvsException error = error(reply, failure);
      w.onRoot(error == null ? reply.getValue() : null, error, resync);
    }
  }

  private record Looked(Watcher w, StatusReply<LookupResult> reply, Throwable failure,
      Watcher.Mode mode) implements Answer {
    @Override
    public void deliver() {
      KvsException error = error(reply, failure);
      w.onLooked(error == null ? reply.getValue().val() : null, error, mode);
    }
  }

  private record Fetched(Watcher w, BlobFetcher.Fetched fetched, Throwable failure,
      List<BlobRef> refs, Watcher.Mode mode) implements Answer {
    @Override
    public void deliver() {
      w.onFetched(fetched != null ? fetched : new BlobFetcher.Fetched(Set.of(),
          KvsError.TIMED_OUT.failure("kvs: blob fetch not answered: " + failure)), refs, mode);
    }
  }

  private final ActorContext<WatchProtocol.Command> ctx;
  private final WatchServices services;
  private final Consumer<Watcher> ended;
  private final BiConsumer<Duration, Runnable> later;
  private final BiConsumer<Watcher, Runnable> guarded;

  /**
   * The io of the watchers of the service whose context is {@code ctx}: {@code ended} is told
   * of a watcher that has ended, {@code later} runs something after a delay, {@code guarded}
   * runs what a watcher does so that its failure ends it alone.
   */
  WatcherIo(ActorContext<WatchProtocol.Command> ctx, WatchServices services,
      Consumer<Watcher> ended, BiConsumer<Duration, Runnable> later,
      BiConsumer<Watcher, Runnable> guarded) {
    this.ctx = ctx;
    this.services = services;
    this.ended = ended;
    this.later = later;
    this.guarded = guarded;
  }

  @Override
  public BlobSource blobs() {
    return services.blobs();
  }

  @Override
  public void readRoot(Watcher w, boolean resync) {
    Asks.ask(ctx, StatusReply.class, services.rank(), services.timeout(),
        (ActorRef<StatusReply> r) -> new KvsRank.GetFreshRoot(w.namespace, w.caller(),
            Asks.cast(r)),
        (reply, failure) -> new RootRead(w, Asks.cast(reply), failure, resync));
  }

  @Override
  public void lookup(Watcher w, BlobRef rootref, int lookupFlags, Watcher.Mode mode) {
    Asks.ask(ctx, StatusReply.class, services.rank(), services.timeout(),
        (ActorRef<StatusReply> r) -> new KvsRank.Lookup(null, w.key, lookupFlags,
            TreeObj.DirRef.of(rootref), w.caller(), Asks.cast(r)),
        (reply, failure) -> new Looked(w, Asks.cast(reply), failure, mode));
  }

  @Override
  public boolean fetch(Watcher w, Set<BlobRef> missing, List<BlobRef> refs, Watcher.Mode mode) {
    if (services.fetcher() == null) {
      return false;
    }
    Asks.ask(ctx, BlobFetcher.Fetched.class, services.fetcher(), services.timeout(),
        r -> new BlobFetcher.Fetch(missing, r),
        (fetched, failure) -> new Fetched(w, fetched, failure, refs, mode));
    return true;
  }

  @Override
  public void checkLater(Watcher w, KvsEvent.RootChanged target) {
    later.accept(Watcher.CATCH_UP, () -> guarded.accept(w, () -> w.onCatchUpCheck(target)));
  }

  @Override
  public void send(Watcher w, WatchProtocol.Response r) {
    w.replyTo.tell(r);
  }

  @Override
  public void ended(Watcher w) {
    ended.accept(w);
  }

  private static KvsException error(StatusReply<?> reply, Throwable failure) {
    return Asks.error(reply, failure, "on a watch's request to the rank");
  }
}
