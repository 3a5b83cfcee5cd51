package io.kvs.namespace;

import akka.actor.typed.ActorRef;
import io.kvs.content.BlobFetcher;
import io.kvs.content.BlobSource;
import java.time.Duration;

/**
 * What a lookup needs beyond its root: the rank's blobs, a fetcher for blobs that are missing
 * (null on the root rank, whose store holds every blob), where to ask for other namespaces'
 * roots, and how long to wait for an answer.
 */
public record LookupServices(
    BlobSource blobs,
    ActorRef<BlobFetcher.Command> fetcher,
    ActorRef<RootQuery> roots,
    Duration timeout) {}
