package io.kvs.watch;

import akka.actor.typed.ActorRef;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.treeobj.TreeObj;

/**
 * The protocol of a rank's watch service ({@code kvs-watch.lookup}, {@code kvs-watch.cancel},
 * KVS-SPEC §3.3). A watch streams {@link Response}s to its {@code replyTo} until one {@link
 * Response.End}; a {@code replyTo} that terminates (its client disconnected) loses its watch at
 * once, without an answer.
 */
public final class WatchProtocol {
  private WatchProtocol() {}

  /** Requests to the watch service. */
  public interface Command {}

  /**
   * Watch (or stream) {@code key} in {@code namespace} with lookup flags (WATCH, WAITCREATE,
   * WATCH_UNIQ, WATCH_FULL, WATCH_APPEND, WATCH_INITIAL_SENTINEL, STREAM, READDIR, READLINK,
   * TREEOBJ). One watch per {@code replyTo}.
   */
  public record Watch(String namespace, String key, int flags, Caller caller,
      ActorRef<Response> replyTo) implements Command {}

  /** End the watch that answers {@code replyTo}: it gets {@code End(NO_DATA)}. */
  public record Cancel(ActorRef<Response> replyTo) implements Command {}

  /** What a watch sends. */
  public sealed interface Response permits Response.Value, Response.Sentinel, Response.End {

    /** One value: {@code {"val": <treeobj>}} on the wire. */
    record Value(TreeObj val) implements Response {}

    /** The initial sentinel (WATCH_INITIAL_SENTINEL): an empty payload on the wire. */
    record Sentinel() implements Response {}

    /** The end of the stream: ENODATA after a cancel or a finished stream, else the error. */
    record End(KvsError error, String message) implements Response {}
  }
}
