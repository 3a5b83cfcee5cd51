package io.kvs.connector;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The connector's settings, read once from {@code kvs.connector} (see reference.conf). A key
 * that is absent takes the default documented there, so a configuration written before the
 * connector existed still starts one.
 *
 * @param socketPath the Unix domain socket, {@code <kvs.rundir>/rank-N/local.sock} unless
 *     {@code kvs.connector.socket-path} is set
 * @param tcpEnabled whether to listen on TCP too (owner role, token required)
 * @param tcpHost the TCP bind address, loopback by default
 * @param tcpPort the TCP port; 0 picks a free one
 * @param tcpToken the shared secret a TCP client sends first; TCP refuses to start without one
 * @param maxFrameBytes the largest request line accepted, newline excluded
 * @param maxConnections the most connections open at once, Unix and TCP together
 * @param maxInFlight the most requests of one connection read but not yet answered; a live
 *     stream ({@code kvs-watch.lookup}) counts as one until its last response is written
 * @param maxStreams the most live streams of one connection; the next one gets EAGAIN. At most
 *     {@code maxInFlight - 1} are allowed whatever this says (see {@link #streamLimit()}), so
 *     that a connection full of streams can still be read, e.g. for {@code kvs-watch.cancel}
 * @param maxStreamBacklog the most response lines queued for writing on one connection before
 *     a stream response that finds them ends its stream with ENOBUFS (a client that does not
 *     read its streams cannot make the connector buffer without bound)
 */
public record ConnectorSettings(
    boolean enabled,
    Path socketPath,
    boolean tcpEnabled,
    String tcpHost,
    int tcpPort,
    String tcpToken,
    int maxFrameBytes,
    int maxConnections,
    int maxInFlight,
    int maxStreams,
    int maxStreamBacklog) {

  public static final String DEFAULT_RUNDIR = "/tmp/kvs";
  public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;
  public static final int DEFAULT_MAX_IN_FLIGHT = 1024;
  public static final int DEFAULT_MAX_STREAMS = 512;
  public static final int DEFAULT_MAX_STREAM_BACKLOG = 4096;

  public ConnectorSettings {
    if (maxFrameBytes < 64 || maxConnections < 1 || maxInFlight < 1) {
      throw new IllegalArgumentException("kvs: connector.max-frame-bytes must be >= 64, "
          + "max-connections and max-in-flight >= 1");
    }
    if (maxStreams < 0 || maxStreamBacklog < 1) {
      throw new IllegalArgumentException("kvs: connector.max-streams must be >= 0, "
          + "max-stream-backlog >= 1");
    }
    if (tcpEnabled && (tcpToken == null || tcpToken.isEmpty())) {
      throw new IllegalArgumentException("kvs: connector.tcp.enabled needs connector.tcp.token");
    }
    if (tcpPort < 0 || tcpPort > 65535) {
      throw new IllegalArgumentException("kvs: connector.tcp.port must be 0..65535");
    }
  }

  /** Unix socket only, at {@code socketPath}, with the default limits. */
  public static ConnectorSettings unixOnly(Path socketPath) {
    return new ConnectorSettings(true, socketPath, false, "127.0.0.1", 0, "",
        DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_IN_FLIGHT,
        DEFAULT_MAX_STREAMS, DEFAULT_MAX_STREAM_BACKLOG);
  }

  /** Reads {@code kvs.connector.*} of a full configuration for rank {@code rank}. */
  public static ConnectorSettings fromConfig(Config root, int rank) {
    Config c = root.hasPath("kvs.connector") ? root.getConfig("kvs.connector")
        : com.typesafe.config.ConfigFactory.empty();
    String rundir = root.hasPath("kvs.rundir") ? root.getString("kvs.rundir")
        : envOr("KVS_RUNDIR", DEFAULT_RUNDIR);
    String socket = get(c, "socket-path", c::getString, "");
    Path path = socket.isEmpty()
        ? Path.of(rundir, "rank-" + rank, "local.sock") : Path.of(socket);
    return new ConnectorSettings(
        get(c, "enabled", c::getBoolean, true),
        path,
        get(c, "tcp.enabled", c::getBoolean, false),
        get(c, "tcp.host", c::getString, "127.0.0.1"),
        get(c, "tcp.port", c::getInt, 0),
        get(c, "tcp.token", c::getString, ""),
        (int) Math.min(Integer.MAX_VALUE - 8,
            get(c, "max-frame-bytes", k -> c.getBytes(k).longValue(), (long) DEFAULT_MAX_FRAME_BYTES)),
        get(c, "max-connections", c::getInt, DEFAULT_MAX_CONNECTIONS),
        get(c, "max-in-flight", c::getInt, DEFAULT_MAX_IN_FLIGHT),
        get(c, "max-streams", c::getInt, DEFAULT_MAX_STREAMS),
        get(c, "max-stream-backlog", c::getInt, DEFAULT_MAX_STREAM_BACKLOG));
  }

  private static <T> T get(Config c, String key, Function<String, T> read, T fallback) {
    return c.hasPath(key) ? read.apply(key) : fallback;
  }

  private static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  /** The settings with another socket path (tests, several ranks on one host). */
  public ConnectorSettings withSocketPath(Path path) {
    return new ConnectorSettings(enabled, path, tcpEnabled, tcpHost, tcpPort, tcpToken,
        maxFrameBytes, maxConnections, maxInFlight, maxStreams, maxStreamBacklog);
  }

  /** The settings with TCP enabled on {@code host}:{@code port} with {@code token}. */
  public ConnectorSettings withTcp(String host, int port, String token) {
    return new ConnectorSettings(enabled, socketPath, true, host, port, token,
        maxFrameBytes, maxConnections, maxInFlight, maxStreams, maxStreamBacklog);
  }

  /** The settings with other limits. */
  public ConnectorSettings withLimits(int frameBytes, int connections, int inFlight) {
    return new ConnectorSettings(enabled, socketPath, tcpEnabled, tcpHost, tcpPort, tcpToken,
        frameBytes, connections, inFlight, maxStreams, maxStreamBacklog);
  }

  /** The settings with other stream limits. */
  public ConnectorSettings withStreamLimits(int streams, int backlog) {
    return new ConnectorSettings(enabled, socketPath, tcpEnabled, tcpHost, tcpPort, tcpToken,
        maxFrameBytes, maxConnections, maxInFlight, streams, backlog);
  }

  /** The live streams one connection may have: {@code min(maxStreams, maxInFlight - 1)}. */
  public int streamLimit() {
    return Math.min(maxStreams, maxInFlight - 1);
  }
}
