package io.kvs.connector;

import static io.kvs.connector.WireClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.TestProbe;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.lookup.LookupFlags;
import io.kvs.watch.WatchProtocol;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** kvs-watch.lookup and kvs-watch.cancel through a real socket to {@link FakeWatchService}. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectorStreamingTest {
  static final int STREAMS = 3;
  static ConnectorFixture f;
  static TestProbe<FakeWatchService.Event> events;

  @BeforeAll
  static void start() throws Exception {
    f = new ConnectorFixture(s -> s.withStreamLimits(STREAMS, 4096), kit -> {
      events = kit.createTestProbe();
      return kit.spawn(FakeWatchService.create(events.getRef()), "watch");
    });
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  private static String watchLine(long tag, String key, int flags, boolean streaming) {
    return "{\"topic\":\"kvs-watch.lookup\",\"matchtag\":" + tag + (streaming
        ? ",\"streaming\":true" : "") + ",\"payload\":{\"namespace\":\"primary\",\"key\":\""
        + key + "\",\"flags\":" + flags + "}}";
  }

  private static String cancelLine(long tag) {
    return "{\"topic\":\"kvs-watch.cancel\",\"matchtag\":0,\"payload\":{\"matchtag\":" + tag
        + "}}";
  }

  /**
   * Requests in flight once only this test's connection is open and its last response's permit
   * is back. An idle connection holds one permit (its reader takes the next line's before
   * reading it, so for a moment after a line it may hold none). A permit returns just after
   * its line is written, so the client may read the line first: a count other than
   * {@code expected} is read again for up to 2 s before it is reported.
   */
  private static long inFlightOfThisConnectionAlone(long expected) throws InterruptedException {
    for (int i = 0; i < 100 && f.status().connections() != 1; i++) {
      Thread.sleep(20);
    }
    assertThat(f.status().connections()).isEqualTo(1);
    for (int i = 0; i < 100 && f.status().inFlight() != expected; i++) {
      Thread.sleep(20);
    }
    return f.status().inFlight();
  }

  /** The watch service sees the closed connection's one reply-to terminate. */
  private static void closed() {
    events.expectMessageClass(FakeWatchService.ReplyToTerminated.class, Duration.ofSeconds(5));
  }

  private static FakeWatchService.Watched watched() {
    return events.expectMessageClass(FakeWatchService.Watched.class);
  }

  @Test
  void aWatchStreamsValuesInOrderUnderItsMatchtagAndACancelEndsItWithEnodata() throws Exception {
    try (WireClient c = f.client()) {
      c.sendLine(watchLine(41, "w.a", LookupFlags.WATCH, true));
      ObjectNode one = c.read();
      ObjectNode two = c.read();
      assertThat(one.path("matchtag").asLong()).isEqualTo(41);
      assertThat(text(one.path("payload").path("val"))).isEqualTo("w.a:1");
      assertThat(text(two.path("payload").path("val"))).isEqualTo("w.a:2");
      FakeWatchService.Watched w = watched();
      assertThat(w.watch().key()).isEqualTo("w.a");
      assertThat(w.watch().flags()).isEqualTo(LookupFlags.WATCH);
      assertThat(inFlightOfThisConnectionAlone(2)).isBetween(1L, 2L); // the stream (+ idle permit)
      c.sendLine(cancelLine(41));
      WatchProtocol.Cancel cancel = events.expectMessageClass(FakeWatchService.Cancelled.class)
          .cancel();
      assertThat(cancel.replyTo()).isEqualTo(w.watch().replyTo());
      assertThat(cancel.id()).isEqualTo(w.watch().id());
      ObjectNode end = c.read();
      assertThat(end.path("matchtag").asLong()).isEqualTo(41);
      assertThat(end.path("errnum").asInt()).isEqualTo(61);
      assertThat(c.ok("kvs.ping", "{}")).isNotNull();
      // the stream's permit is back; only the idle reader's permit remains (taken, or about to
      // be, before the next line is read)
      long inFlight = f.status().inFlight();
      for (int i = 0; i < 100 && inFlight != 1; i++) {
        Thread.sleep(20);
        inFlight = f.status().inFlight();
      }
      assertThat(inFlight).isEqualTo(1);
    }
    closed();
  }

  @Test
  void theInitialSentinelIsASuccessWithAnEmptyPayload() throws Exception {
    try (WireClient c = f.client()) {
      c.sendLine(watchLine(5, "w.s", LookupFlags.WATCH | LookupFlags.WATCH_APPEND
          | LookupFlags.WATCH_INITIAL_SENTINEL, true));
      c.read();
      c.read();
      ObjectNode sentinel = c.read();
      assertThat(sentinel.toString()).isEqualTo("{\"matchtag\":5,\"payload\":{}}");
      watched();
      c.sendLine(cancelLine(5));
      assertThat(c.read().path("errnum").asInt()).isEqualTo(61);
      events.expectMessageClass(FakeWatchService.Cancelled.class);
    }
    closed();
  }

  @Test
  void anErrorFromTheServiceEndsTheStreamWithItsErrnum() throws Exception {
    try (WireClient c = f.client()) {
      c.sendLine(watchLine(6, "missing", LookupFlags.WATCH, true));
      ObjectNode end = c.read();
      assertThat(end.path("errnum").asInt()).isEqualTo(2);
      assertThat(end.path("errstr").asText()).isEqualTo("kvs: key not found: missing");
      watched();
    }
    closed();
  }

  @Test
  void aLookupWithoutWatchGetsOneResponseAndWithStreamingAlsoEnodata() throws Exception {
    try (WireClient c = f.client()) {
      c.sendLine(watchLine(7, "w.once", LookupFlags.WAITCREATE, false));
      ObjectNode only = c.read();
      assertThat(text(only.path("payload").path("val"))).isEqualTo("w.once:1");
      watched();
      c.sendLine(watchLine(8, "w.once", LookupFlags.WAITCREATE, true));
      assertThat(text(c.read().path("payload").path("val"))).isEqualTo("w.once:1");
      ObjectNode end = c.read();
      assertThat(end.path("matchtag").asLong()).isEqualTo(8);
      assertThat(end.path("errnum").asInt()).isEqualTo(61);
      watched();
      assertThat(inFlightOfThisConnectionAlone(1)).isEqualTo(1);
    }
    closed();
  }

  @Test
  void aDisconnectEndsTheConnectionsReplyToSoTheServiceDropsAllItsWatches() throws Exception {
    FakeWatchService.Watched w;
    FakeWatchService.Watched other;
    try (WireClient c = f.client()) {
      c.sendLine(watchLine(9, "w.gone", LookupFlags.WATCH, true));
      c.read();
      c.read();
      w = watched();
      c.sendLine(watchLine(10, "w.gone2", LookupFlags.WATCH, true));
      c.read();
      other = watched();
    }
    assertThat(other.watch().replyTo()).isEqualTo(w.watch().replyTo());
    assertThat(other.watch().id()).isNotEqualTo(w.watch().id());
    assertThat(events.expectMessageClass(FakeWatchService.ReplyToTerminated.class,
        Duration.ofSeconds(5)).replyTo()).isEqualTo(w.watch().replyTo());
  }

  @Test
  void watchOrStreamWithoutStreamingTrueIsEprotoAsInFlux() throws Exception {
    try (WireClient c = f.client()) {
      for (int flags : new int[] {LookupFlags.WATCH, LookupFlags.STREAM}) {
        c.sendLine(watchLine(10, "w.x", flags, false));
        ObjectNode r = c.read();
        assertThat(r.path("errnum").asInt()).isEqualTo(71);
        assertThat(r.path("errstr").asText()).contains("\"streaming\":true");
      }
    }
    events.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void kvsLookupWithWatchFlagsIsEprotoNamingKvsWatchLookup() throws Exception {
    try (WireClient c = f.client()) {
      for (int flags : new int[] {LookupFlags.WATCH, LookupFlags.WAITCREATE,
          LookupFlags.STREAM}) {
        ObjectNode r = c.rpc("kvs.lookup", "{\"namespace\":\"primary\",\"key\":\"a\",\"flags\":"
            + flags + "}");
        assertThat(r.path("errnum").asInt()).isEqualTo(71);
        assertThat(r.path("errstr").asText()).contains("use kvs-watch.lookup");
      }
    }
  }

  @Test
  void aCancelOfAnUnknownMatchtagIsIgnoredAndNeverAnswered() throws Exception {
    try (WireClient c = f.client()) {
      c.sendLine("{\"topic\":\"kvs-watch.cancel\",\"matchtag\":3,\"payload\":{\"matchtag\":77}}");
      ObjectNode pong = c.rpc("kvs.ping", "{\"after\":1}");
      assertThat(pong.path("payload").path("after").asInt()).isEqualTo(1);
    }
    events.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void streamsBeyondTheLimitGetEagainAndAReusedLiveMatchtagGetsEproto() throws Exception {
    try (WireClient c = f.client()) {
      for (int i = 1; i <= STREAMS; i++) {
        c.sendLine(watchLine(100 + i, "w.many", LookupFlags.WATCH, true));
        c.read();
        c.read();
        watched();
      }
      c.sendLine(watchLine(101, "w.many", LookupFlags.WATCH, true));
      ObjectNode reused = c.read();
      assertThat(reused.path("matchtag").asLong()).isEqualTo(101);
      assertThat(reused.path("errnum").asInt()).isEqualTo(71);
      c.sendLine(watchLine(200, "w.many", LookupFlags.WATCH, true));
      ObjectNode refused = c.read();
      assertThat(refused.path("matchtag").asLong()).isEqualTo(200);
      assertThat(refused.path("errnum").asInt()).isEqualTo(11);
      assertThat(refused.path("errstr").asText()).contains("limit " + STREAMS);
      assertThat(inFlightOfThisConnectionAlone(1 + STREAMS)).isEqualTo(1 + STREAMS);
    }
    closed();
  }

  @Test
  void aStreamWhoseClientDoesNotReadIsDroppedWithEnobufsAndTheServiceToldToDropIt()
      throws Exception {
    try (WireClient c = f.client()) {
      c.sendLine(watchLine(12, "flood", LookupFlags.WATCH, true));
      FakeWatchService.Watched w = watched();
      WatchProtocol.Drop drop = events.expectMessageClass(FakeWatchService.Dropped.class,
          Duration.ofSeconds(10)).drop();
      assertThat(drop.replyTo()).isEqualTo(w.watch().replyTo());
      assertThat(drop.id()).isEqualTo(w.watch().id());
      int values = 0;
      ObjectNode r = c.read();
      while (!r.has("errnum")) {
        values++;
        r = c.read();
      }
      assertThat(r.path("matchtag").asLong()).isEqualTo(12);
      assertThat(r.path("errnum").asInt()).isEqualTo(105);
      assertThat(r.path("errstr").asText()).contains("client that does not read");
      assertThat(values).isBetween(4096, FakeWatchService.FLOOD - 1);
      assertThat(c.ok("kvs.ping", "{}")).isNotNull();
    }
    closed();
  }
}
