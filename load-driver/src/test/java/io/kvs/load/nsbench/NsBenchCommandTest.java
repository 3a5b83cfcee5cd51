package io.kvs.load.nsbench;

import static io.kvs.load.drive.CommandRun.assertUsageError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvs.load.drive.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NsBenchCommandTest {
  @TempDir
  Path tmp;

  @Test
  void aSmallRunPrintsOneJsonDocumentWithARowPerModeAndWritesItsFiles() throws Exception {
    Path out = tmp.resolve("nsbench");

    CommandRun run = CommandRun.of("nsbench", "--ranks", "2", "--counts", "50", "--warmup",
        "0", "--min-ops", "100", "--repeat", "1", "--window", "10", "-w", "json",
        "--no-progress", "--out", out.toString());

    assertThat(run.exit()).as("exit code, stderr: %s", run.err()).isZero();
    JsonNode doc = run.json();
    assertThat(doc.path("command").asText()).isEqualTo("nsbench");
    assertThat(doc.path("target").asText()).isEqualTo("embedded, 2 ranks");
    assertThat(doc.path("error_count").asLong()).isZero();
    JsonNode rows = doc.path("results");
    assertThat(rows.size()).isEqualTo(3);
    assertThat(rows.findValuesAsText("mode")).containsExactly("create-remove", "churn", "create");
    for (JsonNode row : rows) {
      assertThat(row.path("count").asInt()).isEqualTo(50);
      assertThat(row.path("root_subscription").asText()).isEqualTo("wildcard");
      assertThat(row.path("create_per_s").asDouble()).isPositive();
      assertThat(row.has("remove_per_s")).isTrue();
      assertThat(row.path("errors").asLong()).isZero();
    }
    assertThat(rows.get(0).path("remove_per_s").asDouble()).isPositive();
    assertThat(rows.get(1).path("remove_per_s").isNull()).isTrue();
    assertThat(rows.get(1).path("churn_per_s").asDouble()).isPositive();
    assertThat(rows.findValues("rounds")).allSatisfy(r -> assertThat(r.asInt()).isEqualTo(2));
    assertThat(doc.path("operations").path("create").path("count").asLong()).isEqualTo(300);
    assertThat(doc.path("operations").path("remove").path("count").asLong())
        .as("timed removes: create-remove and churn, 2 rounds each").isEqualTo(200);
    assertThat(doc.path("operations").path("cleanup").path("count").asLong())
        .as("the create mode's namespaces are removed afterwards").isEqualTo(100);

    assertThat(out.resolve("summary.json")).isRegularFile();
    assertThat(run.json()).isEqualTo(CommandRun.parse(Files.readString(out.resolve(
        "summary.json"))));
    assertThat(out.resolve("summary.txt")).isRegularFile();
    assertThat(Files.readAllLines(out.resolve("timeseries.csv")).get(0)).startsWith("second,");
    assertThat(out.resolve("create.hgrm")).isNotEmptyFile();
    assertThat(out.resolve("remove.hgrm")).isNotEmptyFile();
    for (String png : new String[] {"nsbench-create.png", "nsbench-remove.png",
        "timeseries.png"}) {
      assertThat(Files.readAllBytes(out.resolve(png))).as(png)
          .startsWith(0x89, 'P', 'N', 'G');
    }
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.filter(f -> f.toString().endsWith(".hgrm"))).isNotEmpty();
    }
  }

  @Test
  void aZeroCountIsRefused() {
    assertUsageError(CommandRun.of("nsbench", "--counts", "0"),
        "--counts must be numbers 1-10000000");
  }

  @Test
  void anUnknownModeIsRefusedNamingTheModes() {
    assertUsageError(CommandRun.of("nsbench", "--modes", "create,nope"),
        "unknown mode 'nope' (modes: create-remove, churn, create)");
  }

  @Test
  void compareWithARunningClusterIsRefused() {
    assertUsageError(CommandRun.of("nsbench", "--compare", "--uri", "local:///nonexistent"),
        "--compare starts its own embedded clusters");
  }

  @Test
  void compareWithARootSubscriptionIsRefused() {
    assertUsageError(CommandRun.of("nsbench", "--compare", "--root-subscription", "wildcard"),
        "--compare runs both --root-subscription modes");
  }

  @Test
  void anUnknownRootSubscriptionIsRefused() {
    assertUsageError(CommandRun.of("nsbench", "--root-subscription", "bogus"),
        "--root-subscription must be wildcard or per-namespace, not 'bogus'");
  }

  @Test
  void aRankOutsideTheDefaultFourRanksIsRefused() {
    assertUsageError(CommandRun.of("nsbench", "--rank", "9"),
        "--rank 9 is not in the cluster (ranks 0-3)");
  }

  @Test
  void aRankOutsideTheGivenRanksIsRefused() {
    assertUsageError(CommandRun.of("nsbench", "--ranks", "2", "--rank", "2"),
        "--rank 2 is not in the cluster (ranks 0-1)");
  }

  @Test
  void aNegativeWarmupIsRefused() {
    assertUsageError(CommandRun.of("nsbench", "--warmup", "-1"), "--warmup must be 0-10000000");
  }
}
