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
 * those flags gets one value. The key {@code missing} ends at once with ENOENT; the key {@code
 * flood} gets {@link #FLOOD} values of 1 KiB at once. Every Watch,
 * Cancel, Drop and termination of a {@code replyTo} is reported to {@code events}.
 */
final class FakeWatchService {
  private FakeWatchService() {}

  /** What the fake saw. */
  sealed interface Event permits Watched, Cancelled, Dropped, ReplyToTerminated {}

  record Watched(WatchProtocol.Watch watch) implements Event {}

  record Cancelled(WatchProtocol.Cancel cancel) implements Event {}

  record Dropped(WatchProtocol.Drop drop) implements Event {}

  record ReplyToTerminated(ActorRef<?> replyTo) implements Event {}

  /** How many 1 KiB values the key {@code flood} gets at once. */
  static final int FLOOD = 6000;

  static TreeObj val(String text) {
    return new TreeObj.Val(Bytes.utf8(text));
  }

  static Behavior<WatchProtocol.Command> create(ActorRef<Event> events) {
    return Behaviors.setup(ctx -> Behaviors.receive(WatchProtocol.Command.class)
        .onMessage(WatchProtocol.Watch.class, w -> {
          events.tell(new Watched(w));
          ctx.watch(w.replyTo());
          if (w.key().equals("flood")) {
            String kib = "x".repeat(1024);
            for (int i = 0; i < FLOOD; i++) {
              w.replyTo().tell(new Response.Value(w.id(), val(kib)));
            }
            return Behaviors.same();
          }
          if (w.key().equals("missing")) {
            w.replyTo().tell(new Response.End(w.id(), KvsError.NOT_FOUND, "kvs: key not found: missing"));
            return Behaviors.same();
          }
          w.replyTo().tell(new Response.Value(w.id(), val(w.key() + ":1")));
          if ((w.flags() & (LookupFlags.WATCH | LookupFlags.STREAM)) == 0) {
            return Behaviors.same();
          }
          w.replyTo().tell(new Response.Value(w.id(), val(w.key() + ":2")));
          if ((w.flags() & LookupFlags.WATCH_INITIAL_SENTINEL) != 0) {
            w.replyTo().tell(new Response.Sentinel(w.id()));
          }
          return Behaviors.same();
        })
        .onMessage(WatchProtocol.Cancel.class, c -> {
          events.tell(new Cancelled(c));
          c.replyTo().tell(new Response.End(c.id(), KvsError.NO_DATA, "kvs: watch cancelled"));
          return Behaviors.same();
        })
        .onMessage(WatchProtocol.Drop.class, d -> {
          events.tell(new Dropped(d));
          return Behaviors.same();
        })
        .onSignal(Terminated.class, t -> {
          events.tell(new ReplyToTerminated(t.getRef()));
          return Behaviors.same();
        })
        .build());
  }
}
