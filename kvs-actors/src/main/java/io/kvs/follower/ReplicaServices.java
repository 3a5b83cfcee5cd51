package io.kvs.follower;

import akka.actor.typed.ActorRef;
import io.kvs.Caller;
import io.kvs.namespace.LookupServices;
import io.kvs.rank.KvsRank;
import java.time.Duration;

/**
 * What every namespace replica of a follower rank shares.
 *
 * @param root the root rank's KVS actor, where commits, root fetches and version waits go
 * @param rootEpoch the incarnation of that root rank
 * @param lookups blobs (the rank's cache), the blob fetcher, root queries, the timeout
 * @param subscriber the rank's event subscriber (counted topic subscriptions)
 * @param internal the identity the rank uses for its own requests to the root rank
 * @param tunables the settings a reload may change, among them how long an unused replica
 *     lives ({@code idleExpiry}) and when to fetch the root once more after subscribing, to
 *     cover events published while the subscription was still spreading ({@code resyncAfter})
 */
public record ReplicaServices(
    ActorRef<KvsRank.Command> root,
    long rootEpoch,
    LookupServices lookups,
    ActorRef<Object> subscriber,
    ActorRef<KvsRank.Command> rank,
    Caller internal,
    io.kvs.Tunables tunables) {

  public Duration idleExpiry() {
    return tunables.idleExpiry();
  }

  public Duration resyncAfter() {
    return tunables.resyncAfter();
  }
}
