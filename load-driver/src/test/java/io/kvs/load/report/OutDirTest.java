package io.kvs.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutDirTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir
  Path tmp;

  @Test
  void writesEveryFileOfTheRun() throws Exception {
    AtomicLong now = new AtomicLong();
    Recorder r = new Recorder(now::get);
    for (int s = 0; s < 3; s++) {
      for (int i = 1; i <= 50; i++) {
        r.ok("create", i * 20_000L);
        r.ok("kvs/lookup", i * 1_000L);
      }
      r.count("jobs", 7);
      r.error("create", "EEXIST");
      now.addAndGet(1_000_000_000L);
    }
    r.stop();
    Summary summary = new Summary("jobs", "embedded, 4 ranks").param("jobs", 21).recorder(r);
    Chart cdf = new Chart("latency.png", "Latency", "latency µs", "fraction", true, List.of(
        new Chart.Series("create", new double[] {0, 10, 100, 1000}, new double[] {0, .1, .5, 1}),
        new Chart.Series("empty", new double[0], new double[0])));
    Path dir = tmp.resolve("run-1");

    List<Path> written = OutDir.write(dir, summary, r, List.of(cdf));

    assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly(
        "summary.json", "summary.txt", "timeseries.csv", "create.hgrm", "kvs_lookup.hgrm",
        "latency.png", "timeseries.png");
    assertThat(written).allSatisfy(p -> assertThat(p).isRegularFile().startsWith(dir));
    assertThat(new ObjectMapper().readTree(dir.resolve("summary.json").toFile())
        .get("operations").get("create").get("count").asLong()).isEqualTo(150);
    assertThat(Files.readString(dir.resolve("summary.txt"))).contains("errors: EEXIST 3");

    List<String> csv = Files.readAllLines(dir.resolve("timeseries.csv"));
    assertThat(csv.get(0)).isEqualTo("second,create,create.errors,jobs,kvs/lookup");
    assertThat(csv).hasSize(1 + r.perSecond("jobs").length).hasSize(4);
    assertThat(csv.get(1)).isEqualTo("0,50,1,7,50");

    assertHgrm(dir.resolve("create.hgrm"), 150, 1000.0);
    assertThat(Arrays.copyOf(Files.readAllBytes(dir.resolve("latency.png")), 8)).isEqualTo(PNG);
    assertThat(Arrays.copyOf(Files.readAllBytes(dir.resolve("timeseries.png")), 8))
        .isEqualTo(PNG);
  }

  @Test
  void anEmptyRunStillWritesItsFiles() throws Exception {
    Recorder r = new Recorder();
    r.stop();
    List<Path> written = OutDir.write(tmp, new Summary("idle", "local").recorder(r), r, null);

    assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly(
        "summary.json", "summary.txt", "timeseries.csv", "timeseries.png");
    assertThat(Files.readAllLines(tmp.resolve("timeseries.csv"))).containsExactly("second");
    assertThat(Arrays.copyOf(Files.readAllBytes(tmp.resolve("timeseries.png")), 8))
        .isEqualTo(PNG);
  }

  @Test
  void chartFilesMustBePlainNames() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Chart("../x.png", "t", "x",
        "y", false, List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  /** Data lines are "value percentile total-count 1/(1-percentile)"; values in µs. */
  private static void assertHgrm(Path file, long count, double maxUs) throws Exception {
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0).trim().split("\\s+")).startsWith("Value", "Percentile");
    double lastValue = 0;
    long lastCount = 0;
    for (String line : lines.subList(1, lines.size())) {
      String t = line.trim();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String[] f = t.split("\\s+");
      lastValue = Double.parseDouble(f[0]);
      assertThat(Double.parseDouble(f[1])).isBetween(0.0, 1.0);
      lastCount = Long.parseLong(f[2]);
    }
    assertThat(lastCount).isEqualTo(count);
    assertThat(lastValue).isCloseTo(maxUs, org.assertj.core.api.Assertions.within(1.0));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("#[Mean"));
  }
}
