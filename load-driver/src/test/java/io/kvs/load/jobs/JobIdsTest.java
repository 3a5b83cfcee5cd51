package io.kvs.load.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobIdsTest {
  @Test
  void dothexIsTheSixteenHexDigitsInFourDottedGroups() {
    assertThat(JobIds.dothex(0x0000_0004_b200_0000L)).isEqualTo("0000.0004.b200.0000");
    assertThat(JobIds.dothex(0)).isEqualTo("0000.0000.0000.0000");
    assertThat(JobIds.dothex(-1L)).isEqualTo("ffff.ffff.ffff.ffff");
    assertThat(JobIds.dothex(0x0123_4567_89ab_cdefL)).isEqualTo("0123.4567.89ab.cdef");
  }

  @Test
  void namespaceIsDecimalAndKeyIsDothexUnderJob() {
    long id = 0x0000_0004_b200_0000L;

    assertThat(JobIds.namespace(id)).isEqualTo("job-" + id).isEqualTo("job-20166213632");
    assertThat(JobIds.key(id)).isEqualTo("job.0000.0004.b200.0000");
    assertThat(JobIds.namespace(-1L)).isEqualTo("job-18446744073709551615");
  }

  @Test
  void manyIdsAreUniqueAndIncreasing() {
    JobIds ids = new JobIds(7);
    List<Long> made = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      made.add(ids.next());
    }

    assertThat(new HashSet<>(made)).hasSize(made.size());
    for (int i = 1; i < made.size(); i++) {
      assertThat(made.get(i)).as("id %d", i).isGreaterThan(made.get(i - 1));
    }
    assertThat(made).allSatisfy(id -> {
      assertThat(id).isPositive();
      assertThat((id >>> 10) & 0x3fff).isEqualTo(7);
    });
  }

  @Test
  void idsCarryTheMillisecondsSinceTheEpochAndTheirKeysSortLikeThem() {
    long before = System.currentTimeMillis() - JobIds.EPOCH_MS;
    long id = new JobIds(0).next();
    long after = System.currentTimeMillis() - JobIds.EPOCH_MS;

    assertThat(id >>> 24).isBetween(before, after);
    long later = id + (1L << 24);
    assertThat(JobIds.key(later)).isGreaterThan(JobIds.key(id));
  }

  @Test
  void idsMadeOnSeveralThreadsAreUnique() throws Exception {
    JobIds ids = new JobIds(16383);
    Set<Long> made = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 2000; i++) {
          made.add(ids.next());
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }

    assertThat(made).hasSize(8000);
  }

  @Test
  void aGeneratorOutsideFourteenBitsIsRefused() {
    assertThatThrownBy(() -> new JobIds(16384)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobIds(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
