package io.kvs.treeobj;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Golden files under {@code src/test/resources/golden}; each holds lines ending in newline. */
final class Golden {
  private Golden() {}

  /** The file's one line, without its newline. */
  static String line(String name) {
    List<String> lines = lines(name);
    if (lines.size() != 1) {
      throw new IllegalStateException("golden/" + name + " must hold exactly one line");
    }
    return lines.get(0);
  }

  static List<String> lines(String name) {
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing golden/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
