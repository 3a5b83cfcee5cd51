package io.kvs.load.nsbench;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.load.report.Chart;
import java.util.List;
import org.junit.jupiter.api.Test;

class NsBenchTablesTest {
  private static NsBench.Row createRemove(String sub, int n, double create, double remove) {
    return new NsBench.Row("create-remove", n, 1, create, remove, null, sub, 0, 0);
  }

  private static NsBench.Row churn(String sub, int n, double create, double churn) {
    return new NsBench.Row("churn", n, 1, create, null, churn, sub, 0, 0);
  }

  @Test
  void notesAreAHeaderAndOneLinePerRowWithDashesForMissingRates() {
    List<String> lines = NsBenchTables.notes(List.of(
        createRemove("wildcard", 100, 5000.4, 4000),
        churn("wildcard", 100, 3000, 2500)), false);

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("subscription", "mode", "create/s", "remove/s",
        "churn/s", "errors");
    assertThat(lines.get(1).split("\\s+"))
        .containsExactly("wildcard", "create-remove", "100", "5000", "4000", "-", "0");
    assertThat(lines.get(2).split("\\s+"))
        .containsExactly("wildcard", "churn", "100", "3000", "-", "2500", "0");
  }

  @Test
  void compareAddsATableWithTheRatioOfWildcardToPerNamespace() {
    List<String> lines = NsBenchTables.notes(List.of(
        createRemove("wildcard", 1000, 6000, 3000),
        churn("wildcard", 1000, 4000, 2000),
        createRemove("per-namespace", 1000, 2000, 1500),
        churn("per-namespace", 1000, 1000, 500)), true);

    int blank = lines.indexOf("");
    assertThat(blank).isEqualTo(5);
    assertThat(lines.get(blank + 1)).contains("wildcard", "per-namespace", "ratio");
    List<String> compared = lines.subList(blank + 2, lines.size());
    assertThat(compared).hasSize(4);
    assertThat(compared.get(0).split("\\s+"))
        .containsExactly("create-remove", "1000", "create/s", "6000", "2000", "3.0x");
    assertThat(compared.get(1).split("\\s+"))
        .containsExactly("create-remove", "1000", "remove/s", "3000", "1500", "2.0x");
    assertThat(compared.get(2).split("\\s+"))
        .containsExactly("churn", "1000", "create/s", "4000", "1000", "4.0x");
    assertThat(compared.get(3).split("\\s+"))
        .containsExactly("churn", "1000", "churn/s", "2000", "500", "4.0x");
  }

  @Test
  void compareSkipsRowsWithoutACounterpart() {
    List<String> lines = NsBenchTables.notes(List.of(
        createRemove("wildcard", 100, 6000, 3000),
        createRemove("per-namespace", 200, 2000, 1500)), true);

    assertThat(lines).hasSize(5);
    assertThat(lines.get(3)).isEmpty();
    assertThat(lines.get(4)).contains("ratio");
  }

  @Test
  void chartsPlotRatesAgainstNOnALogAxisPerModeAndSubscription() {
    List<Chart> charts = NsBenchTables.charts(List.of(
        createRemove("wildcard", 100, 5000, 4000),
        createRemove("wildcard", 1000, 6000, 4500),
        churn("wildcard", 100, 3000, 2500),
        createRemove("per-namespace", 100, 2000, 1000)));

    assertThat(charts).extracting(Chart::file)
        .containsExactly("nsbench-create.png", "nsbench-remove.png");
    assertThat(charts).allSatisfy(c -> assertThat(c.logX()).isTrue());
    Chart create = charts.get(0);
    assertThat(create.series()).extracting(Chart.Series::name).containsExactly(
        "create-remove (wildcard)", "churn (wildcard)", "create-remove (per-namespace)");
    assertThat(create.series().get(0).x()).containsExactly(100, 1000);
    assertThat(create.series().get(0).y()).containsExactly(5000, 6000);
    Chart remove = charts.get(1);
    assertThat(remove.series().get(0).y()).containsExactly(4000, 4500);
    assertThat(remove.series().get(1).name()).isEqualTo("churn (wildcard)");
    assertThat(remove.series().get(1).y()).containsExactly(2500);
  }

  @Test
  void createOnlyRowsLeaveTheRemoveChartEmpty() {
    NsBench.Row create = new NsBench.Row("create", 100, 1, 5000.0, null, null, "wildcard", 0, 0);

    List<Chart> charts = NsBenchTables.charts(List.of(create));

    assertThat(charts.get(0).series()).hasSize(1);
    assertThat(charts.get(1).series()).isEmpty();
  }

  @Test
  void aRepeatedRowReportsTheMedianOfEachRateAndEveryError() {
    NsBench.Row a = new NsBench.Row("churn", 10, 1, 100.0, null, 10.0, "wildcard", 0, 1);
    NsBench.Row b = new NsBench.Row("churn", 10, 1, 300.0, null, 50.0, "wildcard", 0, 0);
    NsBench.Row c = new NsBench.Row("churn", 10, 1, 200.0, null, 20.0, "wildcard", 0, 2);
    NsBench.Row m = NsBench.median(java.util.List.of(a, b, c));
    assertThat(m.createPerSec()).isEqualTo(200.0);
    assertThat(m.churnPerSec()).isEqualTo(20.0);
    assertThat(m.removePerSec()).isNull();
    assertThat(m.errors()).isEqualTo(3);
    assertThat(NsBench.median(java.util.List.of(a, b)).createPerSec()).isEqualTo(200.0);
  }
}
