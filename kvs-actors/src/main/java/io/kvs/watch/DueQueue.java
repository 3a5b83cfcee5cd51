package io.kvs.watch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Things to do at given times (in {@link System#nanoTime} units), so that one timer serves
 * any number of them: the owner sets its timer for {@link #next} and takes what is due when it
 * fires. Items due at the same time come out in the order they were added. Pure.
 */
final class DueQueue<T> {
  private record Due<T>(long at, long order, T item) {}

  private final PriorityQueue<Due<T>> queue = new PriorityQueue<>(
      Comparator.<Due<T>>comparingLong(Due::at).thenComparingLong(Due::order));
  private long added;

  /** Adds {@code item} due at {@code at}; true if it is now the earliest. */
  boolean add(long at, T item) {
    Due<T> due = new Due<>(at, added++, item);
    queue.add(due);
    return queue.peek() == due;
  }

  /** Removes and returns, in order, the items due at {@code now} or before. */
  List<T> takeDue(long now) {
    List<T> due = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().at() <= now) {
      due.add(queue.poll().item());
    }
    return due;
  }

  /** When the earliest item is due; {@link Long#MAX_VALUE} when there is none. */
  long next() {
    return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at();
  }

  int size() {
    return queue.size();
  }
}
