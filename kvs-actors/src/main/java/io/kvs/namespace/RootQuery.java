package io.kvs.namespace;

import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import io.kvs.Caller;

/**
 * A request for a namespace's current root, checked against {@code caller}'s access: what a
 * lookup sends when a symlink leads into another namespace. The rank answers it. {@code fresh}:
 * as the root rank has it now, not as a follower has cached it (a lookup whose blobs the root
 * rank no longer holds was reading a root that has been replaced since, and collected).
 */
public record RootQuery(String namespace, Caller caller,
    ActorRef<StatusReply<RootSnapshot>> replyTo, boolean fresh) {

  /** The root as the rank has it. */
  public RootQuery(String namespace, Caller caller, ActorRef<StatusReply<RootSnapshot>> replyTo) {
    this(namespace, caller, replyTo, false);
  }
}
