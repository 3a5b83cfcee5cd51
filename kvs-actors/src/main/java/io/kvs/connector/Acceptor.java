package io.kvs.connector;

import io.kvs.Caller;
import io.kvs.KvsError;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * One listening socket and its accept thread. It enforces the connection limit (an error line,
 * then close), learns who connected (SO_PEERCRED on Unix sockets; TCP clients are the owner,
 * their token is checked by {@link Connection}) and hands the rest to the connector.
 */
final class Acceptor implements AutoCloseable {

  /** A connection accepted and identified, ready for a session. */
  record Accepted(SocketChannel channel, Caller caller, boolean tcp) {}

  private final ServerSocketChannel server;
  private final Path unixPath;
  private final ConnectorMetrics metrics;
  private final ConnectorSettings settings;
  private final long instanceOwner;
  private final Consumer<Accepted> onAccepted;

  private Acceptor(ServerSocketChannel server, Path unixPath, ConnectorSettings settings,
      ConnectorMetrics metrics, long instanceOwner, Consumer<Accepted> onAccepted) {
    this.server = server;
    this.unixPath = unixPath;
    this.settings = settings;
    this.metrics = metrics;
    this.instanceOwner = instanceOwner;
    this.onAccepted = onAccepted;
  }

  /** Binds the Unix socket: creates missing directories (mode 755), replaces a stale socket. */
  static Acceptor unix(ConnectorSettings s, ConnectorMetrics m, long owner, Consumer<Accepted> to)
      throws IOException {
    Path path = s.socketPath().toAbsolutePath();
    createDirectories(path.getParent());
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      if (isLive(path)) {
        throw new IOException("kvs: socket " + path + " is in use by a live connector");
      }
      Files.delete(path);
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path), 256);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
    return new Acceptor(server, path, s, m, owner, to).start("unix");
  }

  /** Binds the TCP socket on {@code tcpHost:tcpPort}. */
  static Acceptor tcp(ConnectorSettings s, ConnectorMetrics m, long owner, Consumer<Accepted> to)
      throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(s.tcpHost(), s.tcpPort()), 256);
    return new Acceptor(server, null, s, m, owner, to).start("tcp");
  }

  private static void createDirectories(Path dir) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(p);
    }
    Files.createDirectories(dir);
    for (Path p : missing) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static boolean isLive(Path path) {
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Acceptor start(String kind) {
    Thread t = new Thread(this::acceptLoop, "kvs-conn-accept-" + kind);
    t.setDaemon(true);
    t.start();
    return this;
  }

  /** The bound TCP port, or -1 for a Unix socket. */
  int port() {
    try {
      return server.getLocalAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      admit(ch);
    }
  }

  private void admit(SocketChannel ch) {
    if (metrics.connections.incrementAndGet() > settings.maxConnections()) {
      metrics.connections.decrementAndGet();
      metrics.rejectedConnections.incrementAndGet();
      refuse(ch, 11, "kvs: too many connections (limit " + settings.maxConnections() + ")");
      return;
    }
    if (unixPath == null) {
      onAccepted.accept(new Accepted(ch, Caller.owner(instanceOwner), true));
      return;
    }
    OptionalLong uid;
    try {
      UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
      uid = PeerIdentity.uid(peer.user());
    } catch (IOException | RuntimeException e) {
      uid = OptionalLong.empty();
    }
    if (uid.isEmpty()) {
      metrics.connections.decrementAndGet();
      refuse(ch, KvsError.PERMISSION.errnum(), "kvs: cannot determine the peer's uid");
      return;
    }
    long u = uid.getAsLong();
    onAccepted.accept(new Accepted(ch, u == instanceOwner ? Caller.owner(u) : Caller.user(u),
        false));
  }

  /** Writes one error line (small: fits the empty socket buffer) and closes. */
  private static void refuse(SocketChannel ch, int errnum, String message) {
    try (ch) {
      ByteBuffer b = ByteBuffer.wrap(WireCodec.error(0, errnum, message));
      ch.write(b);
    } catch (IOException e) {
      // the client left first
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    if (unixPath != null) {
      try {
        Files.deleteIfExists(unixPath);
      } catch (IOException e) {
        // nothing more to do
      }
    }
  }
}
