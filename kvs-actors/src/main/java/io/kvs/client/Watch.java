package io.kvs.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvs.treeobj.TreeObj;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code kvs-watch.lookup} stream, started by {@link KvsClient#watch}. Its matchtag stays
 * reserved until the stream ends; {@link #cancel} asks the server to end it. Thread-safe.
 */
public final class Watch {

  /**
   * Receives a stream's responses, in order, on the connection's reader thread: must not block.
   * An exception thrown here cancels the watch and fails {@link #done()} with it.
   */
  public interface Listener {
    /** A value (KVS-SPEC §3.3: per commit, per new blob for WATCH_APPEND, ...). */
    void onValue(TreeObj value);

    /** The empty response of WATCH_INITIAL_SENTINEL: the existing content has been sent. */
    default void onSentinel() {}
  }

  private final KvsClient client;
  private boolean cancelled;
  private int matchtag;
  private CompletableFuture<Void> done;

  Watch(KvsClient client) {
    this.client = client;
  }

  /** Sets the request's matchtag and end, once it has been sent. */
  void started(int matchtag, CompletableFuture<Void> done) {
    boolean cancelNow;
    synchronized (this) {
      this.matchtag = matchtag;
      this.done = done;
      cancelNow = cancelled;
    }
    if (cancelNow) {
      sendCancel(matchtag);
    }
  }

  /** Delivers one response payload to {@code listener}: {@code {}} is the sentinel. */
  static void deliver(JsonNode payload, Listener listener) {
    JsonNode val = payload.get("val");
    if (val == null) {
      listener.onSentinel();
    } else {
      listener.onValue(KvsClient.treeobj(val));
    }
  }

  /**
   * Asks the server to end the stream ({@code kvs-watch.cancel}, no response); {@link #done()}
   * then completes at the ENODATA that follows. Idempotent; does nothing once the stream ended or
   * when the connection is lost (the stream failed already).
   */
  public void cancel() {
    int mt;
    synchronized (this) {
      if (cancelled || (done != null && done.isDone())) {
        return;
      }
      cancelled = true;
      if (done == null) {
        return; // cancelled from the listener before start() returned: started() sends it
      }
      mt = matchtag;
    }
    sendCancel(mt);
  }

  private void sendCancel(int matchtag) {
    try {
      client.send("kvs-watch.cancel", KvsClient.object().put("matchtag", matchtag));
    } catch (KvsClientException e) {
      // connection lost: done() fails with it anyway
    }
  }

  /**
   * Completes at the end of the stream: normally at ENODATA (cancelled, or a STREAM or
   * non-WATCH lookup finished), exceptionally with a {@link KvsClientException} for any other
   * error (ENOENT when the key is removed, ENOTSUP when the namespace is, ECONNRESET...).
   */
  public synchronized CompletableFuture<Void> done() {
    return done;
  }

  /** The request's matchtag on its connection. */
  public synchronized int matchtag() {
    return matchtag;
  }
}
