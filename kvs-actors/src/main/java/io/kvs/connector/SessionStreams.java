package io.kvs.connector;

import akka.actor.typed.ActorRef;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.watch.WatchProtocol;
import java.util.HashMap;
import java.util.Map;

/**
 * The live streams ({@code kvs-watch.lookup}) of one connection, kept by its {@link
 * ClientSession} on the session's thread. Every stream of the connection has the same {@code
 * replyTo} at the watch service, the session's one adapter, and an id of its own, so a stream
 * costs two map entries here rather than an actor; a response is matched to its stream by id,
 * and a late response of a stream that has already ended (its matchtag perhaps reused since)
 * finds no stream and is dropped. When the session stops, its adapter terminates and the watch
 * service drops every watch of the connection at once.
 *
 * <p>Intermediate responses go out with {@link Connection#sendMore} (the stream keeps its
 * in-flight permit), the last one with {@link Connection#send}. At most {@link
 * ConnectorSettings#streamLimit()} live streams per connection (EBUSY beyond); a response that
 * finds {@code max-stream-backlog} lines queued ends its stream with ENOBUFS.
 */
final class SessionStreams {
  /** A live stream: its matchtag, its id at the watch service and how it is framed. */
  private record Stream(long matchtag, long id, boolean oneShot, boolean streaming) {}

  private final Connection connection;
  private final ConnectorSettings settings;
  private final ActorRef<WatchProtocol.Command> watch;
  private final ActorRef<WatchProtocol.Response> replyTo;
  private final Map<Long, Stream> byMatchtag = new HashMap<>();
  private final Map<Long, Stream> byId = new HashMap<>();
  private long ids;

  /** Streams of {@code connection} served by {@code watch}, answered to {@code replyTo}. */
  SessionStreams(Connection connection, ConnectorSettings settings,
      ActorRef<WatchProtocol.Command> watch, ActorRef<WatchProtocol.Response> replyTo) {
    this.connection = connection;
    this.settings = settings;
    this.watch = watch;
    this.replyTo = replyTo;
  }

  /** Starts the stream {@code mt} (not 0); null, or the error line that refuses it. */
  byte[] start(long mt, Caller who, WireRequest.WatchLookup w) {
    if (byMatchtag.containsKey(mt)) {
      return WireCodec.error(mt, KvsError.PROTOCOL.errnum(),
          "kvs: matchtag " + mt + " is in use by a live stream of this connection");
    }
    if (byMatchtag.size() >= settings.streamLimit()) {
      return WireCodec.error(mt, KvsError.BUSY.errnum(),
          "kvs: too many streams on this connection (limit " + settings.streamLimit() + ")");
    }
    Stream s = new Stream(mt, ++ids, !w.streams(), w.streaming());
    byMatchtag.put(mt, s);
    byId.put(s.id(), s);
    watch.tell(new WatchProtocol.Watch(w.namespace(), w.key(), w.flags(), who, replyTo, s.id()));
    return null;
  }

  /** {@code kvs-watch.cancel} of the stream {@code mt}; an unknown matchtag is ignored. */
  void cancel(long mt) {
    Stream s = byMatchtag.get(mt);
    if (s != null) {
      watch.tell(new WatchProtocol.Cancel(replyTo, s.id()));
    }
  }

  /** A response of the watch service: framed for its stream, or dropped if that has ended. */
  void onResponse(WatchProtocol.Response r) {
    Stream s = byId.get(r.id());
    if (s == null) {
      return;
    }
    long mt = s.matchtag();
    if (r instanceof WatchProtocol.Response.End e) {
      forget(s);
      connection.send(WireCodec.error(mt, e.error().errnum(),
          e.message() == null || e.message().isEmpty() ? "kvs: end of stream" : e.message()));
      return;
    }
    byte[] line = r instanceof WatchProtocol.Response.Value v
        ? ReplyPayloads.watchValue(mt, v.val()) : ReplyPayloads.empty(mt);
    if (s.oneShot()) {
      forget(s); // the watch ends by itself after its one value
      if (s.streaming()) {
        connection.sendMore(line);
        connection.send(WireCodec.error(mt, KvsError.NO_DATA.errnum(), "kvs: end of stream"));
      } else {
        connection.send(line);
      }
    } else if (connection.queued() >= settings.maxStreamBacklog()) {
      forget(s);
      watch.tell(new WatchProtocol.Drop(replyTo, s.id()));
      connection.send(WireCodec.error(mt, KvsError.NO_BUFFERS.errnum(), "kvs: stream dropped: "
          + settings.maxStreamBacklog() + " responses are queued for a client that does not read"));
    } else {
      connection.sendMore(line);
    }
  }

  /** The watch service is gone: every live stream ends ENOSYS; returns how many there were. */
  int watchGone() {
    int n = byMatchtag.size();
    for (long mt : byMatchtag.keySet()) {
      connection.send(WireCodec.error(mt, KvsError.NOT_IMPLEMENTED.errnum(),
          "kvs: the watch service is gone"));
    }
    byMatchtag.clear();
    byId.clear();
    return n;
  }

  private void forget(Stream s) {
    byMatchtag.remove(s.matchtag());
    byId.remove(s.id());
  }
}
