package io.kvs.connector;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.kvs.watch.WatchProtocol;

/**
 * The {@code replyTo} of one {@code kvs-watch.lookup}: a child of the {@link ClientSession}
 * that forwards each {@link WatchProtocol.Response} of the watch service to the session, tagged
 * with the request's matchtag and with itself (so that a late response of an ended stream whose
 * matchtag was reused is recognised and dropped).
 *
 * <p>Lives until the stream's {@link WatchProtocol.Response.End}, or after the first response
 * when the request asked for one response only ({@code oneShot}: neither WATCH nor STREAM).
 * The session stops it earlier when the stream is dropped or the client disconnects; either
 * way the watch service sees it terminate and drops the watch at once.
 */
final class WatchStream {
  private WatchStream() {}

  /** A response of the watch service, on its way to the session. */
  record Forwarded(long matchtag, ActorRef<WatchProtocol.Response> stream,
      WatchProtocol.Response response) implements ClientSession.Command {}

  static Behavior<WatchProtocol.Response> create(long matchtag,
      ActorRef<ClientSession.Command> session, boolean oneShot) {
    return Behaviors.setup(ctx -> Behaviors.receive(WatchProtocol.Response.class)
        .onMessage(WatchProtocol.Response.class, r -> {
          session.tell(new Forwarded(matchtag, ctx.getSelf(), r));
          return oneShot || r instanceof WatchProtocol.Response.End
              ? Behaviors.stopped() : Behaviors.same();
        })
        .build());
  }
}
