package io.kvs.connector;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.Behaviors;
import io.kvs.KvsError;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.TreeObj;
import io.kvs.watch.WatchProtocol;
import io.kvs.watch.WatchProtocol.Response;

/**
 * A stand-in for the watch service that speaks {@link WatchProtocol}: a WATCH or STREAM gets the
 * values {@code <key>:1} and {@code <key>:2} (and a sentinel after them with
 * WATCH_INITIAL_SENTINEL), then waits for Cancel and answers End(NO_DATA); a lookup without
 * those flags gets one value. The key {@code missing} ends at once with ENOENT. Every Watch,
 * Cancel and termination of a {@code replyTo} is reported to {@code events}.
 */
final class FakeWatchService {
  private FakeWatchService() {}

  /** What the fake saw. */
  sealed interface Event permits Watched, Cancelled, ReplyToTerminated {}

  record Watched(WatchProtocol.Watch watch) implements Event {}

  record Cancelled(ActorRef<Response> replyTo) implements Event {}

  record ReplyToTerminated(ActorRef<?> replyTo) implements Event {}

  static TreeObj val(String text) {
    return new TreeObj.Val(Bytes.utf8(text));
  }

  static Behavior<WatchProtocol.Command> create(ActorRef<Event> events) {
    return Behaviors.setup(ctx -> Behaviors.receive(WatchProtocol.Command.class)
        .onMessage(WatchProtocol.Watch.class, w -> {
          events.tell(new Watched(w));
          ctx.watch(w.replyTo());
          if (w.key().equals("missing")) {
            w.replyTo().tell(new Response.End(KvsError.NOT_FOUND, "kvs: key not found: missing"));
            return Behaviors.same();
          }
          w.replyTo().tell(new Response.Value(val(w.key() + ":1")));
          if ((w.flags() & (LookupFlags.WATCH | LookupFlags.STREAM)) == 0) {
            return Behaviors.same();
          }
          w.replyTo().tell(new Response.Value(val(w.key() + ":2")));
          if ((w.flags() & LookupFlags.WATCH_INITIAL_SENTINEL) != 0) {
            w.replyTo().tell(new Response.Sentinel());
          }
          return Behaviors.same();
        })
        .onMessage(WatchProtocol.Cancel.class, c -> {
          events.tell(new Cancelled(c.replyTo()));
          c.replyTo().tell(new Response.End(KvsError.NO_DATA, "kvs: watch cancelled"));
          return Behaviors.same();
        })
        .onSignal(Terminated.class, t -> {
          events.tell(new ReplyToTerminated(t.getRef()));
          return Behaviors.same();
        })
        .build());
  }
}
