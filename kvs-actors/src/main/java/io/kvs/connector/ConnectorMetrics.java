package io.kvs.connector;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters shared by a connector's threads and actors; read through {@link Connector.GetStatus}. */
final class ConnectorMetrics {
  final AtomicInteger connections = new AtomicInteger();
  final AtomicLong rejectedConnections = new AtomicLong();
  final AtomicLong inFlight = new AtomicLong();
  final AtomicLong peakInFlight = new AtomicLong();
  final AtomicLong framesRead = new AtomicLong();
  final AtomicLong responsesWritten = new AtomicLong();

  void acquired() {
    long now = inFlight.incrementAndGet();
    peakInFlight.accumulateAndGet(now, Math::max);
  }

  void released(long n) {
    inFlight.addAndGet(-n);
  }
}
