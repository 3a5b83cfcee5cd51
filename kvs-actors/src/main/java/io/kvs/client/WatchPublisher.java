package io.kvs.client;

import io.kvs.treeobj.TreeObj;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link KvsClient#watchPublisher}: each subscription is one watch. Values are queued and handed
 * to the subscriber as it requests them (never concurrently, by a drain loop); the end of the
 * watch is signalled after the queued values. Rule 3.9: a non-positive request fails the
 * subscription with {@link IllegalArgumentException}.
 */
final class WatchPublisher implements Flow.Publisher<TreeObj> {
  /** Values held beyond the subscriber's demand before the watch is given up (ENOBUFS). */
  static final int MAX_BUFFERED = 1024;

  private final KvsClient client;
  private final String namespace;
  private final String key;
  private final int flags;

  WatchPublisher(KvsClient client, String namespace, String key, int flags) {
    this.client = client;
    this.namespace = namespace;
    this.key = key;
    this.flags = flags;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super TreeObj> subscriber) {
    Subscription s = new Subscription(subscriber);
    subscriber.onSubscribe(s);
    s.watch = client.watch(namespace, key, flags, s::offer);
    if (s.cancelled) {
      s.watch.cancel(); // cancelled from onSubscribe
    }
    s.watch.done().whenComplete((v, e) -> s.finish(e));
  }

  private static final class Subscription implements Flow.Subscription {
    private final Flow.Subscriber<? super TreeObj> subscriber;
    private final ConcurrentLinkedQueue<TreeObj> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile Watch watch;
    private volatile boolean cancelled;
    private volatile boolean finished;
    private volatile Throwable error;

    Subscription(Flow.Subscriber<? super TreeObj> subscriber) {
      this.subscriber = subscriber;
    }

    void offer(TreeObj value) {
      if (size.incrementAndGet() > MAX_BUFFERED) {
        throw new KvsClientException(Errno.ENOBUFS, "kvs: watch publisher: more than "
            + MAX_BUFFERED + " values not requested by the subscriber");
      }
      queue.add(value);
      drain();
    }

    void finish(Throwable e) {
      error = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      finished = true;
      drain();
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        error = new IllegalArgumentException("non-positive request: " + n);
        queue.clear();
        finished = true;
        cancelWatch();
      } else {
        demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      }
      drain();
    }

    @Override
    public void cancel() {
      cancelled = true;
      cancelWatch();
    }

    private void cancelWatch() {
      Watch w = watch;
      if (w != null) {
        w.cancel();
      }
    }

    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      do {
        while (!cancelled && demand.get() > 0 && !queue.isEmpty()) {
          TreeObj v = queue.poll();
          size.decrementAndGet();
          demand.decrementAndGet();
          subscriber.onNext(v);
        }
        if (!cancelled && finished && queue.isEmpty()) {
          cancelled = true;
          if (error == null) {
            subscriber.onComplete();
          } else {
            subscriber.onError(error);
          }
        }
      } while (wip.decrementAndGet() != 0);
    }
  }
}
