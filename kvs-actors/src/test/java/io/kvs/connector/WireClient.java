package io.kvs.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/** A test client speaking the JSON-lines protocol over a real socket. */
final class WireClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final SocketChannel channel;
  private final OutputStream out;
  private final BufferedReader in;
  private long nextTag = 1;

  private WireClient(SocketChannel channel) {
    this.channel = channel;
    // Not Channels.newInputStream/newOutputStream: they share the channel's blocking lock, so a
    // blocked write would stall a concurrent read (and the backpressure test would deadlock).
    this.out = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
          channel.write(buf);
        }
      }
    };
    InputStream raw = new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return channel.read(ByteBuffer.wrap(b, off, len));
      }
    };
    this.in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8), 65536);
  }

  static WireClient unix(Path socket) throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    ch.connect(UnixDomainSocketAddress.of(socket));
    return new WireClient(ch);
  }

  static WireClient tcp(int port) throws IOException {
    return new WireClient(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
  }

  /** Sends raw bytes as they are (no newline added). */
  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  /** Sends one line (a newline is added). */
  void sendLine(String line) throws IOException {
    sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a request with the next matchtag and returns that matchtag. */
  long send(String topic, String payloadJson) throws IOException {
    long tag = nextTag++;
    sendLine("{\"topic\":\"" + topic + "\",\"matchtag\":" + tag + ",\"payload\":"
        + payloadJson + "}");
    return tag;
  }

  /** The next response line, parsed; null at end of stream. */
  ObjectNode read() throws IOException {
    String line = in.readLine();
    return line == null ? null : (ObjectNode) JSON.readTree(line);
  }

  /** The next raw response line; null at end of stream. */
  String readLine() throws IOException {
    return in.readLine();
  }

  /** Sends one request and returns its response, checking the matchtag. */
  ObjectNode rpc(String topic, String payloadJson) throws IOException {
    long tag = send(topic, payloadJson);
    ObjectNode r = read();
    if (r == null || r.path("matchtag").asLong() != tag) {
      throw new AssertionError("expected a response to matchtag " + tag + ", got " + r);
    }
    return r;
  }

  /** The payload of a successful response, or fails with its error. */
  JsonNode ok(String topic, String payloadJson) throws IOException {
    ObjectNode r = rpc(topic, payloadJson);
    if (r.has("errnum")) {
      throw new AssertionError(topic + " failed: " + r);
    }
    return r.get("payload");
  }

  static String val(String text) {
    return "{\"data\":\"" + Base64.getEncoder().encodeToString(text.getBytes(
        StandardCharsets.UTF_8)) + "\",\"type\":\"val\",\"ver\":1}";
  }

  static String text(JsonNode valTreeobj) {
    return new String(Base64.getDecoder().decode(valTreeobj.path("data").asText()),
        StandardCharsets.UTF_8);
  }

  static String put(String ns, String key, String value) {
    return "{\"namespace\":\"" + ns + "\",\"flags\":0,\"ops\":[{\"key\":\"" + key
        + "\",\"flags\":0,\"dirent\":" + val(value) + "}]}";
  }

  static String get(String ns, String key) {
    return "{\"namespace\":\"" + ns + "\",\"key\":\"" + key + "\",\"flags\":0}";
  }

  void shutdownOutput() throws IOException {
    channel.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
