package io.kvs.load.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class JobSpecTest {
  private static JobSpec watching(int percent) {
    return new JobSpec(10, 10, percent, 16, 5000, 60);
  }

  private static long watchedOf(JobSpec spec, long jobs) {
    return LongStream.range(0, jobs).filter(spec::watched).count();
  }

  @Test
  void watchedPercentagesOverAHundredJobsGiveThatManyWatchedJobs() {
    assertThat(watchedOf(watching(0), 100)).isZero();
    assertThat(watchedOf(watching(25), 100)).isEqualTo(25);
    assertThat(watchedOf(watching(100), 100)).isEqualTo(100);
    assertThat(watchedOf(watching(50), 100)).isEqualTo(50);
    assertThat(watchedOf(watching(1), 100)).isEqualTo(1);
  }

  @Test
  void watchedJobsAreSpreadEvenly() {
    JobSpec quarter = watching(25);

    for (long block = 0; block < 100; block += 4) {
      assertThat(LongStream.range(block, block + 4).filter(quarter::watched).count())
          .as("jobs %d-%d", block, block + 3).isEqualTo(1);
    }
  }

  @Test
  void usersCycleFromTheFirstUid() {
    JobSpec spec = new JobSpec(10, 10, 0, 3, 5000, 60);

    assertThat(LongStream.range(0, 7).mapToInt(spec::uid).toArray())
        .containsExactly(5000, 5001, 5002, 5000, 5001, 5002, 5000);
  }

  @Test
  void outOfRangeValuesAreRefusedWithTheOptionNames() {
    assertThatThrownBy(() -> watching(101)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("kvs-load: ").hasMessageContaining("--watchers 0-100");
    assertThatThrownBy(() -> watching(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobSpec(-1, 10, 0, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobSpec(1, 0, 0, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobSpec(1, 1, 0, 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
