package io.kvs.watch;

import akka.actor.typed.ActorRef;
import io.kvs.content.BlobFetcher;
import io.kvs.content.BlobSource;
import io.kvs.rank.KvsRank;
import java.time.Duration;

/**
 * What the watchers of a rank share.
 *
 * @param rank the rank's KVS actor: roots (with the watcher's access checked) and the lookups
 *     that cannot be answered from local blobs
 * @param blobs the rank's blobs (the root rank's store or a follower's cache)
 * @param fetcher fetches missing blobs into {@code blobs}; null on the root rank
 * @param timeout of every request a watcher makes
 * @param tunables the rank's reloadable settings; {@code resyncAfter} is when a new watcher
 *     checks the root once more, to cover events lost while its topic subscription was still
 *     spreading
 * @param root whether this is the root rank, whose subscriptions are local and always live
 * @param topics which topic carries a namespace's events (liveness is proven per topic)
 */
public record WatchServices(
    boolean root,
    io.kvs.events.EventTopics topics,
    ActorRef<KvsRank.Command> rank,
    BlobSource blobs,
    ActorRef<BlobFetcher.Command> fetcher,
    Duration timeout,
    io.kvs.Tunables tunables) {

  public Duration resyncAfter() {
    return tunables.resyncAfter();
  }
}
