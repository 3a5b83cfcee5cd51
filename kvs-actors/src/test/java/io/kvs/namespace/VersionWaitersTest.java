package io.kvs.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionWaitersTest {
  @Test
  void readyWaitersAreTakenUpToTheSeqAndTheOthersStay() {
    VersionWaiters<String> w = new VersionWaiters<>();
    w.add(3, "a", 0);
    w.add(5, "b", 0);
    w.add(3, "c", 0);
    assertThat(w.takeReady(4)).containsExactly("a", "c");
    assertThat(w.size()).isEqualTo(1);
    assertThat(w.takeReady(4)).isEmpty();
    assertThat(w.takeAll()).containsExactly("b");
    assertThat(w.isEmpty()).isTrue();
  }

  @Test
  void waitersOlderThanTheCutoffAreDroppedWhateverTheirSeq() {
    VersionWaiters<String> w = new VersionWaiters<>();
    w.add(7, "old", 100);
    w.add(9, "older", 50);
    w.add(7, "new", 300);
    assertThat(w.oldestSince()).isEqualTo(50);
    assertThat(w.dropOlderThan(200)).isEqualTo(2);
    assertThat(w.size()).isEqualTo(1);
    assertThat(w.oldestSince()).isEqualTo(300);
    assertThat(w.takeAll()).containsExactly("new");
  }

  @Test
  void theCutoffWorksAcrossTheWrapOfNanoTime() {
    VersionWaiters<String> w = new VersionWaiters<>();
    w.add(1, "before", Long.MAX_VALUE - 10);
    w.add(1, "after", Long.MIN_VALUE + 10);
    assertThat(w.dropOlderThan(Long.MIN_VALUE)).isEqualTo(1);
    assertThat(w.takeAll()).containsExactly("after");
  }

  @Test
  void theWaitersOfOneSeqAreTakenOrRemovedOneByOne() {
    VersionWaiters<String> w = new VersionWaiters<>();
    w.add(3, "a", 0);
    w.add(3, "b", 0);
    w.add(4, "c", 0);
    assertThat(w.waitsFor(3)).isTrue();
    assertThat(w.remove(3, "a")).isTrue();
    assertThat(w.remove(3, "a")).isFalse();
    assertThat(w.take(3)).containsExactly("b");
    assertThat(w.waitsFor(3)).isFalse();
    assertThat(w.take(3)).isEmpty();
    assertThat(w.remove(4, "c")).isTrue();
    assertThat(w.waitsFor(4)).isFalse();
    assertThat(w.isEmpty()).isTrue();
  }
}
