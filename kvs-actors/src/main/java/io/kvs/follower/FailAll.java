package io.kvs.follower;

import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.namespace.NamespaceRoot;

/** Answers a namespace request with an error, whatever its kind. */
final class FailAll {
  private FailAll() {}

  static void with(NamespaceRoot.Command m, KvsException e) {
    ActorRef<? extends StatusReply<?>> replyTo = replyTo(m);
    if (replyTo != null) {
      @SuppressWarnings("unchecked")
      ActorRef<StatusReply<Object>> r = (ActorRef<StatusReply<Object>>) replyTo;
      r.tell(StatusReply.error(e));
    }
  }

  /** Refuses a request because too many wait for the namespace's root already. */
  static void busy(NamespaceRoot.Command m, String namespace) {
    with(m, KvsError.BUSY.failure("kvs: too many requests waiting for namespace " + namespace
        + "; try again"));
  }

  private static ActorRef<? extends StatusReply<?>> replyTo(NamespaceRoot.Command m) {
    if (m instanceof NamespaceRoot.Lookup l) {
      return l.replyTo();
    } else if (m instanceof NamespaceRoot.Commit c) {
      return c.replyTo();
    } else if (m instanceof NamespaceRoot.GetRoot g) {
      return g.replyTo();
    } else if (m instanceof NamespaceRoot.WaitVersion w) {
      return w.replyTo();
    } else if (m instanceof NamespaceRoot.SetRootPause p) {
      return p.replyTo();
    } else if (m instanceof NamespaceReplica.GetFreshRoot g) {
      return g.replyTo();
    }
    return null;
  }
}
