package io.kvs.rank;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The uid of the process running the service: the instance owner by default. */
final class ProcessUser {
  private ProcessUser() {}

  /** The effective uid, read from /proc; falls back to the owner of the working directory. */
  static long uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    try {
      Object uid = Files.getAttribute(Path.of("."), "unix:uid");
      return ((Number) uid).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      return 0;
    }
  }
}
