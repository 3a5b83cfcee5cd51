package io.kvs.follower;

import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import io.kvs.RootVersion;
import io.kvs.namespace.Committed;
import io.kvs.treeobj.BlobRef;
import java.util.ArrayList;
import java.util.List;

/**
 * What a replica holds back while {@code kvs.setroot-pause} is in force: the newest root not
 * installed yet (older ones add nothing: roots are installed in increasing seq only) and the
 * replies of relayed commits waiting for their root. Pure; used by one actor.
 */
final class PausedRoot {
  /** A root to install. */
  record Root(long epoch, long seq, BlobRef ref) {}

  private record Reply(ActorRef<StatusReply<Committed>> replyTo, StatusReply<Committed> reply) {}

  private boolean paused;
  private Root held;
  private final List<Reply> replies = new ArrayList<>();

  boolean paused() {
    return paused;
  }

  void pause() {
    paused = true;
  }

  /** Keeps {@code root} if it is newer than the one held. */
  void hold(long epoch, long seq, BlobRef ref) {
    if (held == null || RootVersion.isNewer(epoch, seq, held.epoch(), held.seq())) {
      held = new Root(epoch, seq, ref);
    }
  }

  void holdReply(ActorRef<StatusReply<Committed>> replyTo, StatusReply<Committed> reply) {
    replies.add(new Reply(replyTo, reply));
  }

  /** Ends the pause: the root to install now (null if none); then {@link #answerHeld}. */
  Root unpause() {
    paused = false;
    Root r = held;
    held = null;
    return r;
  }

  /** Sends the held commit replies, in order. */
  void answerHeld() {
    replies.forEach(r -> r.replyTo().tell(r.reply()));
    replies.clear();
  }
}
