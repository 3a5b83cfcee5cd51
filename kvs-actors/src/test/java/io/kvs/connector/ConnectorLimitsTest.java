package io.kvs.connector;

import static io.kvs.connector.WireClient.get;
import static io.kvs.connector.WireClient.put;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 40, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectorLimitsTest {
  static final int FRAME = 4096;
  static final int CONNECTIONS = 8;
  static final int IN_FLIGHT = 64;
  static ConnectorFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new ConnectorFixture(s -> s.withLimits(FRAME, CONNECTIONS, IN_FLIGHT));
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @Test
  void anOversizedFrameGetsEfbigAndTheConnectionKeepsWorking() throws Exception {
    try (WireClient c = f.client()) {
      String big = "{\"topic\":\"kvs.ping\",\"matchtag\":77,\"payload\":{\"pad\":\""
          + "x".repeat(3 * FRAME) + "\"}}";
      c.sendLine(big);
      ObjectNode r = c.read();
      assertThat(r.path("matchtag").asLong()).isEqualTo(77);
      assertThat(r.path("errnum").asInt()).isEqualTo(27);
      assertThat(r.path("errstr").asText()).isEqualTo("kvs: frame of "
          + big.getBytes(StandardCharsets.UTF_8).length + " bytes exceeds the limit of " + FRAME);
      assertThat(c.ok("kvs.ping", "{\"after\":true}").path("after").asBoolean()).isTrue();
    }
  }

  @Test
  void aFrameOfExactlyTheLimitIsAccepted() throws Exception {
    try (WireClient c = f.client()) {
      String head = "{\"topic\":\"kvs.ping\",\"matchtag\":5,\"payload\":{\"pad\":\"";
      String tail = "\"}}";
      String line = head + "y".repeat(FRAME - head.length() - tail.length()) + tail;
      assertThat(line.length()).isEqualTo(FRAME);
      c.sendLine(line);
      assertThat(c.read().has("errnum")).isFalse();
    }
  }

  @Test
  void connectionsBeyondTheLimitGetOneErrorLineAndAreClosed() throws Exception {
    List<WireClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < CONNECTIONS; i++) {
        WireClient c = f.client();
        c.ok("kvs.ping", "{}"); // accepted and served
        open.add(c);
      }
      try (WireClient extra = f.client()) {
        ObjectNode r = extra.read();
        assertThat(r.path("matchtag").asLong()).isZero();
        assertThat(r.path("errnum").asInt()).isEqualTo(11);
        assertThat(r.path("errstr").asText()).contains("too many connections");
        assertThat(extra.readLine()).isNull();
      }
      assertThat(f.status().rejectedConnections()).isPositive();
    } finally {
      for (WireClient c : open) {
        c.close();
      }
    }
    awaitConnections(0);
    try (WireClient again = f.client()) {
      assertThat(again.ok("kvs.ping", "{}").size()).isZero();
    }
  }

  @Test
  void aClientThatNeverReadsIsStoppedAtTheInFlightBound() throws Exception {
    try (WireClient c = f.client()) {
      c.ok("kvs.commit", put("primary", "bp.k", "v"));
      byte[] line = ("{\"topic\":\"kvs.lookup\",\"matchtag\":9,\"payload\":"
          + get("primary", "bp.k") + "}\n").getBytes(StandardCharsets.UTF_8);
      int total = 100_000;
      AtomicInteger sent = new AtomicInteger();
      Thread sender = new Thread(() -> {
        try {
          for (int i = 0; i < total; i++) {
            c.sendRaw(line);
            sent.incrementAndGet();
          }
        } catch (Exception e) {
          // socket closed by the test
        }
      });
      sender.setDaemon(true);
      sender.start();
      Thread.sleep(1500);
      Connector.Status stalled = f.status();
      assertThat(sent.get()).as("the sender is blocked by the kernel").isLessThan(total);
      assertThat(stalled.inFlight()).isLessThanOrEqualTo(IN_FLIGHT);
      assertThat(stalled.peakInFlight()).isLessThanOrEqualTo(IN_FLIGHT);
      long readBefore = stalled.framesRead();
      Thread.sleep(300);
      assertThat(f.status().framesRead()).as("nothing more is read").isEqualTo(readBefore);
      for (int i = 0; i < total; i++) {
        ObjectNode r = c.read();
        assertThat(r.path("matchtag").asLong()).isEqualTo(9);
      }
      sender.join(10_000);
      assertThat(sent.get()).isEqualTo(total);
      assertThat(f.status().peakInFlight()).isLessThanOrEqualTo(IN_FLIGHT);
    }
  }

  private static void awaitConnections(int n) throws InterruptedException {
    for (int i = 0; i < 100 && f.status().connections() != n; i++) {
      Thread.sleep(20);
    }
    assertThat(f.status().connections()).isEqualTo(n);
  }
}
