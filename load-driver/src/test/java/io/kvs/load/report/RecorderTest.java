package io.kvs.load.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RecorderTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void concurrentCallsFromSeveralThreadsAddUpExactly() throws Exception {
    Recorder r = new Recorder();
    int threads = 4;
    int perThread = 50_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        await(go);
        for (int i = 0; i < perThread; i++) {
          r.ok(i % 2 == 0 ? "put" : "get", (i % 1000 + 1) * 1_000L);
          r.count("jobs", 2);
          if (i % 100 == 0) {
            r.error("put", i % 200 == 0 ? "EEXIST" : "ETIMEDOUT");
          }
        }
      });
      w.start();
      workers.add(w);
    }
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }

    Map<String, Histogram> h = r.histograms();
    assertThat(h).containsOnlyKeys("get", "put");
    assertThat(h.get("put").getTotalCount()).isEqualTo(threads * perThread / 2);
    assertThat(h.get("get").getTotalCount()).isEqualTo(threads * perThread / 2);
    assertThat(r.total("put")).isEqualTo(threads * perThread / 2);
    assertThat(r.total("jobs")).isEqualTo(2L * threads * perThread);
    assertThat(r.errors()).containsExactly(Map.entry("EEXIST", 1000L),
        Map.entry("ETIMEDOUT", 1000L));
    assertThat(r.errorCount()).isEqualTo(2000);
    assertThat(r.total("put.errors")).isEqualTo(2000);
    assertThat(r.series()).containsExactly("get", "jobs", "put", "put.errors");
    for (String s : r.series()) {
      assertThat(Arrays.stream(r.perSecond(s)).sum()).as(s).isEqualTo(r.total(s));
    }
  }

  @Test
  void percentilesComeFromTheRecordedNanoseconds() {
    Recorder r = new Recorder();
    for (int us = 1; us <= 1000; us++) {
      r.ok("get", us * 1_000L);
    }
    Histogram h = r.histograms().get("get");
    assertThat(h.getValueAtPercentile(50) / 1000.0).isCloseTo(500, within(1.0));
    assertThat(h.getValueAtPercentile(99) / 1000.0).isCloseTo(990, within(1.0));
    assertThat(h.getMaxValue() / 1000.0).isCloseTo(1000, within(1.0));
  }

  @Test
  void histogramsAccumulateAcrossReadsAndAreCopies() {
    Recorder r = new Recorder();
    r.ok("get", 10_000);
    Histogram first = r.histograms().get("get");
    first.recordValue(5);
    r.ok("get", 20_000);
    assertThat(r.histograms().get("get").getTotalCount()).isEqualTo(2);
  }

  @Test
  void latenciesOutsideTheTrackableRangeAreClamped() {
    Recorder r = new Recorder();
    r.ok("slow", 3_600 * SECOND);
    r.ok("odd", -5);
    Map<String, Histogram> h = r.histograms();
    assertThat(h.get("slow").getMaxValue()).isGreaterThanOrEqualTo(59 * SECOND);
    assertThat(h.get("odd").getMaxValue()).isZero();
  }

  @Test
  void perSecondSeriesShareOneLengthAlignedOnElapsedSeconds() {
    AtomicLong now = new AtomicLong(7 * SECOND);
    Recorder r = new Recorder(now::get);
    r.ok("put", 1000);
    r.count("jobs", 5);
    now.addAndGet(SECOND + 1);
    r.ok("put", 1000);
    r.ok("put", 1000);
    now.addAndGet(65 * SECOND);
    r.count("jobs", 3);
    r.error("get", "ENOENT");

    assertThat(r.perSecond("put")).hasSize(67).startsWith(1, 2).endsWith(0);
    assertThat(r.perSecond("jobs")).hasSize(67).startsWith(5, 0).endsWith(3);
    assertThat(r.perSecond("get.errors")).hasSize(67).endsWith(1);
    assertThat(r.perSecond("get")).hasSize(67).containsOnly(0);
    assertThat(r.perSecond("unknown")).hasSize(67).containsOnly(0);
    assertThat(r.elapsedNanos()).isEqualTo(66 * SECOND + 1);
  }

  @Test
  void nothingCountedGivesEmptySeries() {
    Recorder r = new Recorder();
    assertThat(r.series()).isEmpty();
    assertThat(r.perSecond("jobs")).isEmpty();
    assertThat(r.total("jobs")).isZero();
    assertThat(r.errors()).isEmpty();
  }

  @Test
  void stopFreezesElapsedAndLaterEventsCountInTheLastSecond() {
    AtomicLong now = new AtomicLong(0);
    Recorder r = new Recorder(now::get);
    now.set(2 * SECOND + 5);
    r.stop();
    now.set(9 * SECOND);
    r.stop();
    r.count("jobs", 1);
    assertThat(r.elapsedNanos()).isEqualTo(2 * SECOND + 5);
    assertThat(r.perSecond("jobs")).containsExactly(0, 0, 1);
  }

  @Test
  void pausedTimeIsLeftOutOfElapsedAndSeries() {
    AtomicLong now = new AtomicLong(0);
    Recorder r = new Recorder(now::get);
    now.set(SECOND + 1);
    r.count("jobs", 1);
    r.pause();
    now.set(50 * SECOND);
    r.count("jobs", 1);
    r.resume();
    now.set(51 * SECOND + 2);
    r.count("jobs", 1);
    assertThat(r.elapsedNanos()).isEqualTo(2 * SECOND + 3);
    assertThat(r.perSecond("jobs")).containsExactly(0, 2, 1);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
