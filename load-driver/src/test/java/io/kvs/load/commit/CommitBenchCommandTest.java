package io.kvs.load.commit;

import static io.kvs.load.drive.CommandRun.assertUsageError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvs.load.drive.CommandRun;
import org.junit.jupiter.api.Test;

class CommitBenchCommandTest {
  @Test
  void aSmallRunMeasuresSpreadAndOneNamespaceWithAndWithoutMerging() throws Exception {
    CommandRun run = CommandRun.of("commit", "--ranks", "2", "--rank", "1", "--commits", "200",
        "--namespaces", "4", "--warmup", "0", "-w", "json");

    assertThat(run.exit()).as("exit code, stderr: %s", run.err()).isZero();
    JsonNode doc = run.json();
    assertThat(doc.path("command").asText()).isEqualTo("commit");
    assertThat(doc.path("error_count").asLong()).isZero();
    JsonNode rows = doc.path("results");
    assertThat(rows.size()).isEqualTo(4);
    assertThat(rows.findValuesAsText("spread")).containsExactly("many", "many", "one", "one");
    assertThat(rows.findValues("merge")).extracting(JsonNode::asBoolean)
        .containsExactly(true, false, true, false);
    assertThat(rows.findValues("namespaces")).extracting(JsonNode::asInt)
        .containsExactly(4, 4, 1, 1);
    for (JsonNode row : rows) {
      assertThat(row.path("commits").asInt()).isEqualTo(200);
      assertThat(row.path("commits_per_s").asDouble()).isPositive();
      assertThat(row.path("errors").asLong()).isZero();
      assertThat(row.path("roots").asLong()).isBetween(1L, 200L);
    }
    assertThat(rows.get(1).path("roots").asLong()).as("one root per unmerged commit")
        .isEqualTo(200);
    assertThat(rows.get(3).path("roots").asLong()).as("one root per unmerged commit")
        .isEqualTo(200);
    assertThat(doc.path("operations").path("many.merge").path("count").asLong()).isEqualTo(200);
    assertThat(doc.path("operations").path("one.no-merge").path("count").asLong())
        .isEqualTo(200);
  }

  @Test
  void fewerThanTwoNamespacesAreRefused() {
    assertUsageError(CommandRun.of("commit", "--namespaces", "1"), "--namespaces >= 2");
  }

  @Test
  void zeroCommitsAreRefused() {
    assertUsageError(CommandRun.of("commit", "--commits", "0"), "--commits >= 1");
  }
}
