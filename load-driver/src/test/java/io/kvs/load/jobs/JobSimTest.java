package io.kvs.load.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class JobSimTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void decilesAreJobsPerSecondOverTheFirstAndTheLastTenthByEndTime() {
    long[] ends = new long[100];
    for (int i = 0; i < 100; i++) {
      // the first 90 jobs end every 0.1 s, the last 10 every 0.5 s
      ends[i] = i < 90 ? (i + 1) * SECOND / 10 : 9 * SECOND + (i - 89) * SECOND / 2;
    }

    double[] d = JobSim.deciles(ends);

    assertThat(d[0]).isCloseTo(10.0, within(1e-9));
    assertThat(d[1]).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void decilesOfAnEvenRunAreEqual() {
    long[] ends = new long[50];
    for (int i = 0; i < ends.length; i++) {
      ends[i] = (i + 1) * SECOND / 4;
    }

    double[] d = JobSim.deciles(ends);

    assertThat(d[0]).isCloseTo(4.0, within(1e-9));
    assertThat(d[1]).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void fewerThanTenJobsHaveNoDeciles() {
    assertThat(JobSim.deciles(new long[9])).containsExactly(Double.NaN, Double.NaN);
    assertThat(JobSim.deciles(new long[0])).containsExactly(Double.NaN, Double.NaN);
  }
}
