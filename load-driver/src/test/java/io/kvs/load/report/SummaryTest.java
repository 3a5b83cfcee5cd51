package io.kvs.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.load.cluster.Latency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {
  record RankRate(int rank, double createPerS) {}

  private static Recorder recorder() {
    Recorder r = new Recorder();
    for (int i = 1; i <= 100; i++) {
      r.ok("create", i * 10_000L);
    }
    r.ok("lookup", 2_000);
    r.error("create", "EEXIST");
    r.error("create", "EEXIST");
    r.error("create", "EEXIST");
    r.error("lookup", "ETIMEDOUT");
    r.stop();
    return r;
  }

  @Test
  void jsonHasTheDocumentKeysInOrder() {
    ObjectNode json = new Summary("jobs", "embedded, 4 ranks")
        .param("jobs", 1000).param("concurrency", 16)
        .result("create_per_s", 812.5)
        .recorder(recorder())
        .note("verified 1000/1000 jobs")
        .toJson();

    assertThat(json.fieldNames()).toIterable().containsExactly("command", "target", "params",
        "create_per_s", "elapsed_s", "operations", "errors", "error_count", "notes");
    assertThat(json.get("command").asText()).isEqualTo("jobs");
    assertThat(json.get("target").asText()).isEqualTo("embedded, 4 ranks");
    assertThat(json.get("params").fieldNames()).toIterable()
        .containsExactly("jobs", "concurrency");
    assertThat(json.get("params").get("jobs").asInt()).isEqualTo(1000);
    assertThat(json.get("create_per_s").asDouble()).isEqualTo(812.5);
    JsonNode create = json.get("operations").get("create");
    assertThat(create.get("count").asLong()).isEqualTo(100);
    assertThat(create.get("per_s").isNumber()).isTrue();
    assertThat(create.get("latency_us").fieldNames()).toIterable()
        .containsExactly("p50", "p90", "p99", "p99_9", "max", "mean");
    assertThat(create.get("latency_us").get("p50").asDouble()).isBetween(499.0, 501.0);
    assertThat(json.get("errors").get("EEXIST").asLong()).isEqualTo(3);
    assertThat(json.get("errors").get("ETIMEDOUT").asLong()).isEqualTo(1);
    assertThat(json.get("error_count").asLong()).isEqualTo(4);
    assertThat(json.get("notes").get(0).asText()).isEqualTo("verified 1000/1000 jobs");
  }

  @Test
  void recordsAndListsOfRecordsBecomeObjectsAndNanBecomesNull() throws Exception {
    ObjectNode json = new Summary("create", "local")
        .result("best", new RankRate(0, 10.5))
        .result("by_rank", List.of(new RankRate(0, 10.5), new RankRate(1, Double.NaN)))
        .result("ratio", Double.NaN)
        .result("infinite", Double.POSITIVE_INFINITY)
        .result("latency", Latency.of(Latency.histogram()))
        .result("by_name", Map.of("a", 1))
        .result("raw", new ObjectMapper().readTree("{\"x\":[1,2]}"))
        .toJson();

    assertThat(json.get("best").get("create_per_s")).isNull();
    assertThat(json.get("best").get("createPerS").asDouble()).isEqualTo(10.5);
    assertThat(json.get("by_rank").isArray()).isTrue();
    assertThat(json.get("by_rank").get(1).get("rank").asInt()).isEqualTo(1);
    assertThat(json.get("by_rank").get(1).get("createPerS").isNull()).isTrue();
    assertThat(json.get("ratio").isNull()).isTrue();
    assertThat(json.get("infinite").isNull()).isTrue();
    assertThat(json.get("latency").get("count").asLong()).isZero();
    assertThat(json.get("latency").get("p50Us").isNull()).isTrue();
    assertThat(json.get("by_name").get("a").asInt()).isEqualTo(1);
    assertThat(json.get("raw").get("x").size()).isEqualTo(2);
    assertThat(json.has("operations")).isFalse();
    String text = new Summary("create", "local").result("nan", Double.NaN).toJsonString();
    assertThat(new ObjectMapper().readTree(text).get("nan").isNull()).isTrue();
    assertThat(text).doesNotContain("NaN");
  }

  @Test
  void textHasHeaderParametersResultsTableErrorsAndNotes() {
    String text = new Summary("jobs", "embedded, 4 ranks")
        .param("jobs", 1000)
        .result("create_per_s", 812.5)
        .result("by_rank", List.of(new RankRate(0, 10.5)))
        .recorder(recorder())
        .note("verified 1000/1000 jobs")
        .toText();

    assertThat(text).startsWith("jobs on embedded, 4 ranks\n");
    assertThat(text).containsPattern("(?m)^  jobs +1000$");
    assertThat(text).containsPattern("(?m)^  create_per_s +812.5$");
    assertThat(text).containsPattern("(?m)^  by_rank +1 rows \\(table below\\)$");
    assertThat(text).contains("rate/s").contains(Latency.header());
    assertThat(text).containsPattern("(?m)^create +100 ");
    assertThat(text).containsPattern("(?m)^lookup +1 ");
    assertThat(text).contains("errors: EEXIST 3, ETIMEDOUT 1\n");
    assertThat(text).endsWith("verified 1000/1000 jobs\n");
    assertThat(text.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
  }

  @Test
  void textSaysWhenThereWereNoErrors() {
    Recorder r = new Recorder();
    r.ok("put", 1_000);
    r.error("get", "ENOENT");
    Recorder clean = new Recorder();
    clean.ok("put", 1_000);

    assertThat(new Summary("put", "local").recorder(clean).toText()).contains("errors: none");
    assertThat(new Summary("put", "local").recorder(r).toText())
        .containsPattern("(?m)^get +0 +[0-9.]+ +- +- +- +- +-$")
        .contains("errors: ENOENT 1");
  }
}
