package io.kvs.rank;

/** Running count, min, max, mean and standard deviation of ops per commit (Welford). */
final class OpCounter {
  private long count;
  private long min;
  private long max;
  private double mean;
  private double m2;

  void add(long ops) {
    count++;
    if (count == 1) {
      min = ops;
      max = ops;
    } else {
      min = Math.min(min, ops);
      max = Math.max(max, ops);
    }
    double delta = ops - mean;
    mean += delta / count;
    m2 += delta * (ops - mean);
  }

  KvsStats.OpCount snapshot() {
    double stddev = count > 1 ? Math.sqrt(m2 / (count - 1)) : 0.0;
    return new KvsStats.OpCount(count, min, mean, stddev, max);
  }
}
