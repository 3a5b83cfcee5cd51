package io.kvs.namespace;

import akka.actor.typed.ActorRef;
import io.kvs.content.ContentStore;
import io.kvs.events.EventPublisher;
import io.kvs.txn.TxnApplier;
import java.time.Duration;

/**
 * What every namespace actor of a rank shares: the content store, the transaction applier,
 * the event publisher, where to ask for other namespaces' roots, and settings.
 *
 * @param tunables the settings a reload may change, read at each use
 * @param epoch the root rank's incarnation, carried by every root and event
 * @param liveRoots where each namespace's root is recorded for the content collector
 */
public record RootServices(
    ContentStore store,
    TxnApplier applier,
    ActorRef<EventPublisher.Command> publisher,
    ActorRef<RootQuery> roots,
    io.kvs.Tunables tunables,
    Duration askTimeout,
    long epoch,
    io.kvs.content.LiveRoots liveRoots) {

  /** Services whose roots are not tracked (a store that is never collected). */
  public RootServices(ContentStore store, TxnApplier applier,
      ActorRef<EventPublisher.Command> publisher, ActorRef<RootQuery> roots,
      io.kvs.Tunables tunables, Duration askTimeout, long epoch) {
    this(store, applier, publisher, roots, tunables, askTimeout, epoch,
        io.kvs.content.LiveRoots.untracked());
  }

  public boolean transactionMerge() {
    return tunables.transactionMerge();
  }

  public int maxTxnOps() {
    return tunables.maxTxnOps();
  }

  /** The lookup services of the root rank: no fetcher, the store holds every blob. */
  public LookupServices lookupServices() {
    return new LookupServices(store, null, roots, askTimeout);
  }
}
