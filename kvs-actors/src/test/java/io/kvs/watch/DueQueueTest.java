package io.kvs.watch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DueQueueTest {
  private final DueQueue<String> queue = new DueQueue<>();

  @Test
  void itemsComeOutInTimeOrderWhateverTheOrderTheyWereAdded() {
    queue.add(30, "c");
    queue.add(10, "a");
    queue.add(20, "b");
    assertThat(queue.takeDue(100)).containsExactly("a", "b", "c");
    assertThat(queue.size()).isZero();
  }

  @Test
  void itemsDueAtTheSameTimeComeOutInTheOrderTheyWereAdded() {
    queue.add(10, "first");
    queue.add(5, "early");
    queue.add(10, "second");
    queue.add(10, "third");
    assertThat(queue.takeDue(10)).containsExactly("early", "first", "second", "third");
  }

  @Test
  void addSaysWhetherTheItemIsNowTheEarliest() {
    assertThat(queue.add(20, "first")).isTrue();
    assertThat(queue.add(30, "later")).isFalse();
    assertThat(queue.add(20, "same time as the earliest")).isFalse();
    assertThat(queue.add(10, "earlier")).isTrue();
  }

  @Test
  void takeDueTakesItemsDueAtOrBeforeNowAndLeavesTheRest() {
    queue.add(10, "a");
    queue.add(20, "b");
    queue.add(21, "c");
    assertThat(queue.takeDue(9)).isEmpty();
    assertThat(queue.takeDue(20)).containsExactly("a", "b");
    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.takeDue(21)).containsExactly("c");
  }

  @Test
  void nextIsWhenTheEarliestItemIsDueOrMaxValueWhenEmpty() {
    assertThat(queue.next()).isEqualTo(Long.MAX_VALUE);
    queue.add(50, "a");
    queue.add(40, "b");
    assertThat(queue.next()).isEqualTo(40);
    queue.takeDue(45);
    assertThat(queue.next()).isEqualTo(50);
    queue.takeDue(50);
    assertThat(queue.next()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void negativeTimesOrderLikeAnyOther() {
    queue.add(5, "later");
    queue.add(-5, "earlier");
    assertThat(queue.next()).isEqualTo(-5);
    assertThat(queue.takeDue(0)).containsExactly("earlier");
  }
}
