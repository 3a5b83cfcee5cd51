package io.kvs.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a client connects, parsed from {@code KVS_URI}: {@code local:///path/to/local.sock} (a
 * Unix domain socket) or {@code tcp://host:port?token=SECRET}. {@code token} is null for local
 * URIs; {@code path} is null for TCP ones.
 */
public record KvsUri(String scheme, Path path, String host, int port, String token) {
  public static final String ENV = "KVS_URI";

  /** Parses {@code text}; IllegalArgumentException with a message naming what is wrong. */
  public static KvsUri parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("kvs: empty URI");
    }
    URI u;
    try {
      u = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("kvs: invalid URI: " + text + ": " + e.getReason());
    }
    String scheme = u.getScheme();
    if ("local".equals(scheme)) {
      String p = u.getPath();
      if (u.getHost() != null || p == null || p.isEmpty() || !p.startsWith("/")) {
        throw new IllegalArgumentException(
            "kvs: invalid URI: " + text + " (expected local:///absolute/path/local.sock)");
      }
      return new KvsUri("local", Path.of(p), null, -1, null);
    }
    if ("tcp".equals(scheme)) {
      if (u.getHost() == null || u.getPort() < 1) {
        throw new IllegalArgumentException(
            "kvs: invalid URI: " + text + " (expected tcp://host:port?token=SECRET)");
      }
      return new KvsUri("tcp", null, u.getHost(), u.getPort(), tokenOf(u, text));
    }
    throw new IllegalArgumentException(
        "kvs: unsupported URI scheme: " + text + " (local:///path or tcp://host:port)");
  }

  /**
   * The URI named by {@code KVS_URI} in {@code env}, else the rank-0 socket under
   * {@code KVS_RUNDIR}; IllegalArgumentException when neither is set.
   */
  public static KvsUri fromEnv(Map<String, String> env) {
    String uri = env.get(ENV);
    if (uri != null && !uri.isBlank()) {
      return parse(uri);
    }
    String rundir = env.get("KVS_RUNDIR");
    if (rundir != null && !rundir.isBlank()) {
      return new KvsUri("local", Path.of(rundir, "rank-0", "local.sock").toAbsolutePath(),
          null, -1, null);
    }
    throw new IllegalArgumentException("kvs: KVS_URI is not set (local:///path or tcp://host:port)");
  }

  private static String tokenOf(URI u, String text) {
    String q = u.getRawQuery();
    if (q == null) {
      return null;
    }
    for (String part : q.split("&")) {
      if (part.startsWith("token=")) {
        return java.net.URLDecoder.decode(part.substring(6), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    throw new IllegalArgumentException("kvs: invalid URI: " + text + " (only ?token= is known)");
  }

  public boolean isLocal() {
    return path != null;
  }

  /** The URI without its token, for messages. */
  @Override
  public String toString() {
    return isLocal() ? "local://" + path : "tcp://" + host + ":" + port;
  }
}
