package io.kvs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One JSON-lines connection to a connector (DESIGN §6): sends requests under fresh matchtags and
 * completes their futures from a reader thread as responses arrive, in any order. Losing the
 * connection fails every pending request with ECONNRESET. Thread-safe.
 *
 * <p>Blocking {@link SocketChannel} reads and writes are used directly: on JDK 17 the streams of
 * {@code Channels.newInputStream/newOutputStream} share one lock, so a blocked reader would stall
 * every writer.
 */
final class Connection implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final SocketChannel channel;
  private final String name;
  private final Object writeLock = new Object();
  private final AtomicInteger nextTag = new AtomicInteger(1);
  private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
  private final Thread reader;
  private volatile KvsClientException closedBy;

  /** A request awaiting responses; {@code stream} is non-null for streaming requests. */
  private record Pending(CompletableFuture<JsonNode> future, Consumer<JsonNode> stream) {}

  private Connection(SocketChannel channel, String name) {
    this.channel = channel;
    this.name = name;
    this.reader = new Thread(this::readLoop, "kvs-client-reader " + name);
    this.reader.setDaemon(true);
  }

  /** Connects, sends the token line for TCP, and starts the reader thread. */
  static Connection open(KvsUri uri) {
    SocketChannel ch = null;
    try {
      if (uri.isLocal()) {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(uri.path()));
      } else {
        ch = SocketChannel.open(new InetSocketAddress(uri.host(), uri.port()));
        ch.socket().setTcpNoDelay(true);
      }
      Connection c = new Connection(ch, uri.toString());
      if (uri.token() != null) {
        ObjectNode hello = JSON.createObjectNode().put("token", uri.token());
        c.writeLine(JSON.writeValueAsBytes(hello));
      }
      c.reader.start();
      return c;
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new KvsClientException(Errno.ECONNREFUSED, "cannot connect to " + uri + ": " + why, e);
    }
  }

  /**
   * Sends a request; the future completes with the response payload, or fails with a
   * {@link KvsClientException}. With {@code stream} set, every success response goes to it and
   * the future completes (with null) at the ENODATA that ends the stream.
   */
  CompletableFuture<JsonNode> request(String topic, JsonNode payload, int userid,
      Consumer<JsonNode> stream) {
    return start(topic, payload, userid, stream).future();
  }

  /** A request sent: its matchtag and its future. */
  record Started(int matchtag, CompletableFuture<JsonNode> future) {}

  /** As {@link #request}, also telling the matchtag (to cancel a stream by). */
  Started start(String topic, JsonNode payload, int userid, Consumer<JsonNode> stream) {
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    int tag = freshTag();
    pending.put(tag, new Pending(f, stream));
    KvsClientException closed = closedBy;
    if (closed != null) {
      pending.remove(tag);
      f.completeExceptionally(closed);
      return new Started(tag, f);
    }
    try {
      writeLine(encode(topic, tag, payload, userid, stream != null));
    } catch (IOException e) {
      pending.remove(tag);
      f.completeExceptionally(fail(new KvsClientException(Errno.ECONNRESET,
          "kvs: connection to " + name + " lost: " + e.getMessage(), e)));
    }
    return new Started(tag, f);
  }

  /** Sends a request with matchtag 0: the server sends no response. */
  void send(String topic, JsonNode payload, int userid) {
    KvsClientException closed = closedBy;
    if (closed != null) {
      throw closed;
    }
    try {
      writeLine(encode(topic, 0, payload, userid, false));
    } catch (IOException e) {
      throw fail(new KvsClientException(Errno.ECONNRESET,
          "kvs: connection to " + name + " lost: " + e.getMessage(), e));
    }
  }

  int pendingCount() {
    return pending.size();
  }

  @Override
  public void close() {
    fail(new KvsClientException(Errno.ECONNRESET, "kvs: client closed"));
  }

  private int freshTag() {
    int t;
    do {
      t = nextTag.getAndIncrement() & 0x7fffffff;
    } while (t == 0 || pending.containsKey(t));
    return t;
  }

  private static byte[] encode(String topic, int tag, JsonNode payload, int userid,
      boolean streaming) throws IOException {
    ObjectNode req = JSON.createObjectNode();
    req.put("topic", topic);
    req.put("matchtag", tag);
    if (userid >= 0) {
      req.put("userid", userid);
    }
    if (streaming) {
      req.put("streaming", true);
    }
    req.set("payload", payload == null ? JSON.createObjectNode() : payload);
    return JSON.writeValueAsBytes(req);
  }

  private void writeLine(byte[] json) throws IOException {
    byte[] line = Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    ByteBuffer b = ByteBuffer.wrap(line);
    synchronized (writeLock) {
      while (b.hasRemaining()) {
        channel.write(b);
      }
    }
  }

  private void readLoop() {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    byte[] line = new byte[1024];
    int len = 0;
    try {
      while (channel.read(buf) >= 0) {
        buf.flip();
        while (buf.hasRemaining()) {
          byte b = buf.get();
          if (b == '\n') {
            dispatch(line, len);
            len = 0;
          } else {
            if (len == line.length) {
              line = Arrays.copyOf(line, line.length * 2);
            }
            line[len++] = b;
          }
        }
        buf.clear();
      }
      fail(new KvsClientException(Errno.ECONNRESET, "kvs: connection closed by " + name));
    } catch (KvsClientException e) {
      fail(e);
    } catch (IOException e) {
      fail(new KvsClientException(Errno.ECONNRESET,
          "kvs: connection to " + name + " lost: " + e.getMessage(), e));
    }
  }

  private void dispatch(byte[] line, int len) {
    if (len == 0) {
      return;
    }
    JsonNode msg;
    try {
      msg = JSON.readTree(line, 0, len);
    } catch (IOException e) {
      throw new KvsClientException(Errno.EPROTO, "kvs: malformed response from " + name, e);
    }
    int tag = msg.path("matchtag").asInt(0);
    Pending p = pending.get(tag);
    if (p == null) {
      return; // a response nobody waits for (e.g. after a local timeout)
    }
    JsonNode errnum = msg.get("errnum");
    if (errnum != null && errnum.asInt() != 0) {
      pending.remove(tag);
      int e = errnum.asInt();
      if (p.stream() != null && e == Errno.ENODATA) {
        p.future().complete(null);
      } else {
        p.future().completeExceptionally(new KvsClientException(e, msg.path("errstr").asText("")));
      }
      return;
    }
    JsonNode payload = msg.get("payload");
    if (payload == null || payload.isNull()) {
      payload = JSON.createObjectNode();
    }
    if (p.stream() != null) {
      p.stream().accept(payload);
    } else {
      pending.remove(tag);
      p.future().complete(payload);
    }
  }

  /** Marks the connection closed, closes the channel and fails every pending request. */
  private KvsClientException fail(KvsClientException why) {
    synchronized (this) {
      if (closedBy == null) {
        closedBy = why;
      }
    }
    closeQuietly(channel);
    List<Integer> tags = new ArrayList<>(pending.keySet());
    for (Integer t : tags) {
      Pending p = pending.remove(t);
      if (p != null) {
        p.future().completeExceptionally(closedBy);
      }
    }
    return closedBy;
  }

  private static void closeQuietly(SocketChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }
}
