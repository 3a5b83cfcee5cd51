package io.kvs.namespace;

import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import io.kvs.Caller;

/**
 * A request for another namespace's current root, checked against {@code caller}'s access:
 * what a lookup sends when a symlink leads into another namespace. The rank answers it.
 */
public record RootQuery(
    String namespace, Caller caller, ActorRef<StatusReply<RootSnapshot>> replyTo) {}
