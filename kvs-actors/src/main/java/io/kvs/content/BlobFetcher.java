package io.kvs.content;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.treeobj.BlobRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A follower rank's fetcher of missing blobs: one per rank. It batches the blobs asked for into
 * one load from the root rank's {@link ContentService}, keeps at most one load in flight per
 * blob (later askers wait for it), puts what arrives into the rank's {@link BlobCache} and
 * answers each asker once all its blobs are there, are known missing, or the load failed.
 * Senders: lookups and namespace replicas that stalled on missing blobs.
 */
public final class BlobFetcher extends AbstractBehavior<BlobFetcher.Command> {

  /** The fetcher's protocol. */
  public interface Command {}

  /** Fetch these blobs into the cache. */
  public record Fetch(Set<BlobRef> refs, ActorRef<Fetched> replyTo) implements Command {}

  /** The answer: {@code failure} is null on success; {@code missing} were not at the root. */
  public record Fetched(Set<BlobRef> missing, KvsException failure) {}

  /** Where the root rank's content service is (sent when the root rank is found). */
  public record UseContent(ActorRef<ContentService.Command> content) implements Command {}

  /** A load's whole answer, or why there is none (from its {@link LoadCollector}). */
  record Loaded(List<BlobRef> asked, ContentService.Blobs blobs, Throwable failure)
      implements Command {}

  private static final class Waiter {
    final Set<BlobRef> remaining;
    final Set<BlobRef> missing = new HashSet<>();
    final ActorRef<Fetched> replyTo;
    boolean answered;

    Waiter(Set<BlobRef> remaining, ActorRef<Fetched> replyTo) {
      this.remaining = remaining;
      this.replyTo = replyTo;
    }
  }

  private final BlobCache cache;
  private final Duration timeout;
  private final Map<BlobRef, List<Waiter>> inFlight = new HashMap<>();
  private ActorRef<ContentService.Command> content;

  public static Behavior<Command> create(BlobCache cache, Duration timeout) {
    return Behaviors.setup(ctx -> new BlobFetcher(ctx, cache, timeout));
  }

  private BlobFetcher(ActorContext<Command> ctx, BlobCache cache, Duration timeout) {
    super(ctx);
    this.cache = cache;
    this.timeout = timeout;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Fetch.class, this::onFetch)
        .onMessage(Loaded.class, this::onLoaded)
        .onMessage(UseContent.class, u -> {
          content = u.content();
          return this;
        })
        .build();
  }

  private Behavior<Command> onFetch(Fetch f) {
    Set<BlobRef> remaining = new HashSet<>();
    for (BlobRef ref : f.refs()) {
      if (cache.raw(ref) == null) {
        remaining.add(ref);
      }
    }
    if (remaining.isEmpty()) {
      f.replyTo().tell(new Fetched(Set.of(), null));
      return this;
    }
    if (content == null) {
      f.replyTo().tell(new Fetched(Set.of(), KvsError.NOT_IMPLEMENTED.failure(
          "kvs: rank 0 is not reachable: cannot fetch blobs")));
      return this;
    }
    Waiter w = new Waiter(remaining, f.replyTo());
    List<BlobRef> load = new ArrayList<>();
    for (BlobRef ref : remaining) {
      List<Waiter> waiting = inFlight.get(ref);
      if (waiting == null) {
        waiting = new ArrayList<>(1);
        inFlight.put(ref, waiting);
        load.add(ref);
      }
      waiting.add(w);
    }
    if (!load.isEmpty()) {
      getContext().spawnAnonymous(LoadCollector.create(load, content, timeout,
          getContext().getSelf()));
    }
    return this;
  }

  private Behavior<Command> onLoaded(Loaded l) {
    if (l.failure() != null) {
      KvsException e = KvsError.TIMED_OUT.failure(
          "kvs: fetching blobs from rank 0 failed: " + l.failure().getMessage());
      for (BlobRef ref : l.asked()) {
        List<Waiter> waiting = inFlight.remove(ref);
        if (waiting != null) {
          waiting.forEach(w -> answer(w, e));
        }
      }
      return this;
    }
    for (ContentService.Blob b : l.blobs().found()) {
      cache.put(b.ref(), b.data());
      settle(b.ref(), false);
    }
    for (BlobRef ref : l.blobs().missing()) {
      settle(ref, true);
    }
    return this;
  }

  private void settle(BlobRef ref, boolean missing) {
    List<Waiter> waiting = inFlight.remove(ref);
    if (waiting == null) {
      return;
    }
    for (Waiter w : waiting) {
      w.remaining.remove(ref);
      if (missing) {
        w.missing.add(ref);
      }
      if (w.remaining.isEmpty()) {
        answer(w, null);
      }
    }
  }

  private static void answer(Waiter w, KvsException failure) {
    if (w.answered) {
      return;
    }
    w.answered = true;
    w.replyTo.tell(new Fetched(failure == null ? Set.copyOf(w.missing) : Set.of(), failure));
  }
}
