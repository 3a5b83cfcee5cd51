package io.kvs.load.cluster;

import io.kvs.client.KvsUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster started with {@code bin/kvs-cluster start --size N --rundir DIR}: the URIs of its
 * ranks' local sockets, rank by rank, from {@code DIR/cluster}.
 */
public final class RunDir {
  private RunDir() {}

  /** The local-socket URI of every rank recorded in {@code dir/cluster}, by rank. */
  public static List<KvsUri> uris(Path dir) throws IOException {
    Path cluster = dir.resolve("cluster");
    if (!Files.isRegularFile(cluster)) {
      throw new IllegalArgumentException("no cluster recorded in " + dir
          + " (start one with bin/kvs-cluster start --size 4 --rundir " + dir + ")");
    }
    int size = 0;
    for (String line : Files.readAllLines(cluster)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        size = Math.max(size, Integer.parseInt(line.trim().split("\\s+")[0]) + 1);
      }
    }
    List<KvsUri> uris = new ArrayList<>();
    for (int rank = 0; rank < size; rank++) {
      Path sock = dir.resolve("rank-" + rank).resolve("local.sock").toAbsolutePath();
      if (!Files.exists(sock)) {
        throw new IllegalArgumentException("rank " + rank + " has no socket at " + sock);
      }
      uris.add(KvsUri.parse("local://" + sock));
    }
    return uris;
  }

  /** Deletes {@code dir} and everything under it, as far as possible (best effort). */
  public static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }
}
