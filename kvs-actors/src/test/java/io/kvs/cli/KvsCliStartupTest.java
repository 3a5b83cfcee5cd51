package io.kvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI runs in a JVM whose class path holds only our classes, Jackson and picocli, as
 * {@code bin/kvs} starts it: proof that no Akka (or Scala) class is needed.
 */
class KvsCliStartupTest {
  @TempDir
  Path dir;

  @Test
  void theCliRunsAVerbWithoutAkkaOnTheClassPath() throws Exception {
    List<String> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(e).getFileName().toString();
      if (name.equals("classes") || name.startsWith("jackson-core-")
          || name.startsWith("jackson-databind-") || name.startsWith("jackson-annotations-")
          || name.startsWith("picocli-")) {
        cp.add(e);
      }
    }
    assertThat(cp).noneMatch(e -> e.contains("akka") || e.contains("scala"));
    try (CliHarness kvs = new CliHarness(dir)) {
      kvs.ok("put", "a=from-the-fake");
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      ProcessBuilder pb = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC", "-cp", String.join(File.pathSeparator, cp), "io.kvs.cli.KvsCli",
          "get", "a");
      pb.environment().put("KVS_URI", kvs.server.uri());
      pb.redirectErrorStream(true);
      Process p = pb.start();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(out).isEqualTo("from-the-fake\n");
      assertThat(p.exitValue()).isZero();
    }
  }
}
