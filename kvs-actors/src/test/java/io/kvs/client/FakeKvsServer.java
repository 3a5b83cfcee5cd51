package io.kvs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal stand-in for the connector, for tests: accepts connections on a Unix socket under a
 * temp dir (or on 127.0.0.1 TCP), reads JSON lines and hands each request to a {@link Handler}
 * (by default the in-memory {@link FakeKvsStore}). Every line received is recorded. One thread
 * per connection; responses are written under a per-connection lock.
 */
public final class FakeKvsServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Answers one request, now or later, through {@code reply}. */
  public interface Handler {
    void handle(JsonNode request, Reply reply);
  }

  /** Sends responses for one request on its connection. */
  public static final class Reply {
    private final Conn conn;
    private final int matchtag;

    Reply(Conn conn, int matchtag) {
      this.conn = conn;
      this.matchtag = matchtag;
    }

    public void ok(JsonNode payload) {
      ObjectNode r = JSON.createObjectNode().put("matchtag", matchtag);
      r.set("payload", payload);
      conn.write(r);
    }

    public void error(int errnum, String errstr) {
      conn.write(JSON.createObjectNode().put("matchtag", matchtag).put("errnum", errnum)
          .put("errstr", errstr));
    }

    /** Sends {@code line} as it is (for protocol-violation tests). */
    public void raw(String line) {
      conn.writeRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public int matchtag() {
      return matchtag;
    }
  }

  private final Object serverSocket;
  private final Thread acceptor;
  private final List<Conn> conns = new CopyOnWriteArrayList<>();
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final String uri;
  private volatile Handler handler;

  private FakeKvsServer(Object serverSocket, String uri, Handler handler) {
    this.serverSocket = serverSocket;
    this.uri = uri;
    this.handler = handler;
    this.acceptor = new Thread(this::acceptLoop, "fake-kvs-acceptor");
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  /** Listens on {@code dir/local.sock}, answering from a fresh {@link FakeKvsStore}. */
  public static FakeKvsServer local(Path dir) throws IOException {
    return local(dir, new FakeKvsStore());
  }

  public static FakeKvsServer local(Path dir, Handler handler) throws IOException {
    Path sock = dir.resolve("local.sock");
    Files.deleteIfExists(sock);
    ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    ss.bind(UnixDomainSocketAddress.of(sock));
    return new FakeKvsServer(ss, "local://" + sock.toAbsolutePath(), handler);
  }

  /** Listens on 127.0.0.1 at a free port; clients must send {@code {"token":token}} first. */
  public static FakeKvsServer tcp(String token, Handler handler) throws IOException {
    ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return new FakeKvsServer(ss, "tcp://127.0.0.1:" + ss.getLocalPort() + "?token=" + token,
        handler);
  }

  /** The URI to connect to ({@code local://...} or {@code tcp://...?token=...}). */
  public String uri() {
    return uri;
  }

  public void setHandler(Handler h) {
    this.handler = h;
  }

  /** Every line received so far, parsed, in arrival order per connection. */
  public List<JsonNode> received() {
    return received;
  }

  /** Drops every client connection (the server keeps listening). */
  public void disconnectAll() {
    for (Conn c : conns) {
      c.close();
    }
  }

  @Override
  public void close() throws IOException {
    ((java.io.Closeable) serverSocket).close();
    disconnectAll();
  }

  private void acceptLoop() {
    try {
      while (true) {
        Conn c;
        if (serverSocket instanceof ServerSocketChannel ss) {
          SocketChannel ch = ss.accept();
          c = new Conn(Channels.newInputStream(ch), null, ch);
        } else {
          Socket s = ((ServerSocket) serverSocket).accept();
          c = new Conn(s.getInputStream(), s.getOutputStream(), s);
        }
        conns.add(c);
        Thread t = new Thread(c::readLoop, "fake-kvs-conn");
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException e) {
      // server closed
    }
  }

  /**
   * One client connection. For Unix sockets, replies are written with the channel directly: a
   * JDK 17 channel stream would block writes while the reader thread waits in read.
   */
  final class Conn {
    private final java.io.InputStream in;
    private final OutputStream out;
    private final java.io.Closeable resource;

    Conn(java.io.InputStream in, OutputStream out, java.io.Closeable resource) {
      this.in = in;
      this.out = out;
      this.resource = resource;
    }

    void readLoop() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          JsonNode req = JSON.readTree(line);
          received.add(req);
          if (!req.has("topic")) {
            continue; // the token line
          }
          handler.handle(req, new Reply(this, req.path("matchtag").asInt()));
        }
      } catch (IOException e) {
        // connection closed
      } finally {
        close();
      }
    }

    synchronized void write(JsonNode msg) {
      if (msg.path("matchtag").asInt() == 0) {
        return; // matchtag 0: no response wanted
      }
      try {
        writeRaw((JSON.writeValueAsString(msg) + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        close();
      }
    }

    synchronized void writeRaw(byte[] b) {
      try {
        if (out != null) {
          out.write(b);
          out.flush();
        } else {
          ByteBuffer buf = ByteBuffer.wrap(b);
          while (buf.hasRemaining()) {
            ((SocketChannel) resource).write(buf);
          }
        }
      } catch (IOException e) {
        close();
      }
    }

    void close() {
      conns.remove(this);
      try {
        resource.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }
}
