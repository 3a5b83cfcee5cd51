package io.kvs.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.TreeObj;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link KvsClient#watch}, {@link Watch} and the publisher against a fake connector. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KvsClientWatchTest {
  @TempDir
  Path dir;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final CompletableFuture<JsonNode> cancelled = new CompletableFuture<>();
  private final CompletableFuture<JsonNode> firstWatch = new CompletableFuture<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  /** Answers a watch with two values (and a sentinel when asked) until its cancel: ENODATA. */
  private KvsClient twoValuesThenWaitForCancel() throws Exception {
    List<FakeKvsServer.Reply> live = new CopyOnWriteArrayList<>();
    FakeKvsServer s = FakeKvsServer.local(dir, (req, reply) -> {
      JsonNode p = req.path("payload");
      if (req.path("topic").asText().equals("kvs-watch.cancel")) {
        cancelled.complete(req);
        live.stream().filter(r -> r.matchtag() == p.path("matchtag").asInt())
            .forEach(r -> r.error(Errno.ENODATA, "kvs: cancelled"));
        return;
      }
      firstWatch.complete(req);
      String key = p.path("key").asText();
      if (key.equals("missing")) {
        reply.error(Errno.ENOENT, "kvs: key not found: missing");
        return;
      }
      reply.ok(value(key + ":1"));
      reply.ok(value(key + ":2"));
      if ((p.path("flags").asInt() & LookupFlags.WATCH_INITIAL_SENTINEL) != 0) {
        reply.ok(FakeKvsServer.JSON.createObjectNode());
      }
      live.add(reply);
    });
    closeables.add(s);
    KvsClient c = KvsClient.connect(KvsUri.parse(s.uri()));
    closeables.add(c);
    return c;
  }

  private static JsonNode value(String text) {
    return FakeKvsServer.JSON.createObjectNode().set("val",
        KvsClient.toJson(TreeObj.Val.utf8(text)));
  }

  private static String text(TreeObj t) {
    return KvsClient.valueOf(t).toUtf8();
  }

  private void awaitSeen(int n) throws InterruptedException {
    for (int i = 0; i < 250 && seen.size() < n; i++) {
      Thread.sleep(20);
    }
    assertThat(seen).hasSizeGreaterThanOrEqualTo(n);
  }

  @Test
  void aWatchDeliversValuesInOrderAndCancelEndsItNormally() throws Exception {
    KvsClient c = twoValuesThenWaitForCancel();
    Watch w = c.watch("primary", "a", LookupFlags.WATCH, v -> seen.add(text(v)));
    awaitSeen(2);
    assertThat(seen).containsExactly("a:1", "a:2");
    assertThat(w.done()).isNotDone();
    w.cancel();
    w.done().get(5, TimeUnit.SECONDS);
    JsonNode cancel = cancelled.get(5, TimeUnit.SECONDS);
    assertThat(cancel.path("matchtag").asInt()).isZero();
    assertThat(cancel.path("payload").path("matchtag").asInt()).isEqualTo(w.matchtag());
    assertThat(c.pendingRequests()).isZero();
  }

  @Test
  void aWatchIsSentAsAStreamingKvsWatchLookup() throws Exception {
    KvsClient c = twoValuesThenWaitForCancel();
    Watch w = c.watch("ns-1", "k", LookupFlags.WATCH | LookupFlags.WATCH_UNIQ, v -> { });
    w.cancel();
    w.done().get(5, TimeUnit.SECONDS);
    JsonNode req = firstWatch.get(5, TimeUnit.SECONDS);
    assertThat(req.path("topic").asText()).isEqualTo("kvs-watch.lookup");
    assertThat(req.path("streaming").asBoolean()).isTrue();
    assertThat(req.path("matchtag").asInt()).isEqualTo(w.matchtag());
    assertThat(req.path("payload").toString()).isEqualTo(
        "{\"namespace\":\"ns-1\",\"key\":\"k\",\"flags\":132}");
  }

  @Test
  void theSentinelGoesToOnSentinelAfterTheValues() throws Exception {
    KvsClient c = twoValuesThenWaitForCancel();
    Watch w = c.watch("primary", "s", LookupFlags.WATCH | LookupFlags.WATCH_APPEND
        | LookupFlags.WATCH_INITIAL_SENTINEL, new Watch.Listener() {
          @Override
          public void onValue(TreeObj value) {
            seen.add(text(value));
          }

          @Override
          public void onSentinel() {
            seen.add("sentinel");
          }
        });
    awaitSeen(3);
    assertThat(seen).containsExactly("s:1", "s:2", "sentinel");
    w.cancel();
    w.done().get(5, TimeUnit.SECONDS);
  }

  @Test
  void anErrorEndFailsDoneWithItsErrno() throws Exception {
    KvsClient c = twoValuesThenWaitForCancel();
    Watch w = c.watch("primary", "missing", LookupFlags.WATCH, v -> seen.add(text(v)));
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> w.done().get(5, TimeUnit.SECONDS));
    assertThat(((KvsClientException) e.getCause()).errnum()).isEqualTo(Errno.ENOENT);
    assertThat(seen).isEmpty();
    w.cancel(); // after the end: nothing is sent
    assertThat(cancelled).isNotDone();
  }

  @Test
  void aListenerThatThrowsCancelsTheWatchAndFailsDoneWithItsException() throws Exception {
    KvsClient c = twoValuesThenWaitForCancel();
    Watch w = c.watch("primary", "t", LookupFlags.WATCH, v -> {
      throw new IllegalStateException("listener broke");
    });
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> w.done().get(5, TimeUnit.SECONDS));
    assertThat(e.getCause()).hasMessage("listener broke");
    assertThat(cancelled.get(5, TimeUnit.SECONDS).path("payload").path("matchtag").asInt())
        .isEqualTo(w.matchtag());
  }

  @Test
  void aLostConnectionFailsTheWatchWithEconnreset() throws Exception {
    FakeKvsServer s = FakeKvsServer.local(dir, (req, reply) -> reply.ok(value("x")));
    closeables.add(s);
    KvsClient c = KvsClient.connect(KvsUri.parse(s.uri()));
    closeables.add(c);
    Watch w = c.watch("primary", "a", LookupFlags.WATCH, v -> seen.add(text(v)));
    awaitSeen(1);
    s.disconnectAll();
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> w.done().get(5, TimeUnit.SECONDS));
    assertThat(((KvsClientException) e.getCause()).errnum()).isEqualTo(Errno.ECONNRESET);
  }

  @Test
  void thePublisherHandsValuesOutAsRequestedAndCompletesAfterCancel() throws Exception {
    KvsClient c = twoValuesThenWaitForCancel();
    CompletableFuture<Void> completed = new CompletableFuture<>();
    Flow.Subscription[] sub = new Flow.Subscription[1];
    c.watchPublisher("primary", "p", LookupFlags.WATCH).subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        sub[0] = s;
        s.request(1);
      }

      @Override
      public void onNext(TreeObj item) {
        seen.add(text(item));
      }

      @Override
      public void onError(Throwable t) {
        completed.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        completed.complete(null);
      }
    });
    awaitSeen(1);
    Thread.sleep(100);
    assertThat(seen).containsExactly("p:1");
    sub[0].request(5);
    awaitSeen(2);
    assertThat(seen).containsExactly("p:1", "p:2");
    sub[0].cancel();
    assertThat(cancelled.get(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(completed).isNotDone(); // a cancelled subscription gets no more signals
  }
}
