package io.kvs.watch;

import static io.kvs.follower.ClusterFixture.OWNER;
import static io.kvs.follower.ClusterFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.follower.ClusterFixture;
import io.kvs.lookup.LookupFlags;
import io.kvs.namespace.Committed;
import io.kvs.node.KvsNode;
import io.kvs.rank.KvsRank;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.CommitFlags;
import io.kvs.txn.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kvs-watch semantics on the root rank and on followers (KVS-SPEC §3.3). */
class WatchClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static ClusterFixture cluster;
  private static final List<ActorRef<WatchProtocol.Command>> WATCH = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    cluster = new ClusterFixture(3, "");
    for (int rank = 0; rank < 3; rank++) {
      WATCH.add(KvsNode.watch(cluster.systems.get(rank), WAIT).toCompletableFuture()
          .get(10, TimeUnit.SECONDS));
    }
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private TestProbe<WatchProtocol.Response> watch(int rank, String ns, String key, int flags,
      Caller caller) {
    TestProbe<WatchProtocol.Response> p = TestProbe.create(cluster.systems.get(rank));
    WATCH.get(rank).tell(new WatchProtocol.Watch(ns, key, flags, caller, p.getRef()));
    return p;
  }

  private Committed put(int rank, String ns, int flags, String key, String value)
      throws Exception {
    return cluster.<Committed>ask(rank, r -> new KvsRank.Commit(ns, flags,
        List.of(Op.put(key, TreeObj.Val.utf8(value))), OWNER, r)).getValue();
  }

  private Committed append(int rank, String ns, String key, String value) throws Exception {
    return cluster.<Committed>ask(rank, r -> new KvsRank.Commit(ns, 0,
        List.of(Op.append(key, TreeObj.Val.utf8(value))), OWNER, r)).getValue();
  }

  private static String text(WatchProtocol.Response r) {
    assertThat(r).isInstanceOf(WatchProtocol.Response.Value.class);
    return ((TreeObj.Val) ((WatchProtocol.Response.Value) r).val()).data().toUtf8();
  }

  private static KvsError end(WatchProtocol.Response r) {
    assertThat(r).isInstanceOf(WatchProtocol.Response.End.class);
    return ((WatchProtocol.Response.End) r).error();
  }

  private String newNamespace() throws Exception {
    String ns = uniqueName("watch");
    cluster.create(0, ns, 1001);
    return ns;
  }

  @Test
  void aWatcherOnEveryRankSeesAllSixtyFourUnmergedCommitsInOrder() throws Exception {
    String ns = newNamespace();
    put(0, ns, 0, "k", "init");
    List<TestProbe<WatchProtocol.Response>> watchers = List.of(
        watch(0, ns, "k", LookupFlags.WATCH, OWNER), watch(2, ns, "k", LookupFlags.WATCH, OWNER));
    for (TestProbe<WatchProtocol.Response> w : watchers) {
      assertThat(text(w.receiveMessage(WAIT))).isEqualTo("init");
    }
    for (int i = 0; i < 64; i++) {
      put(1, ns, CommitFlags.NO_MERGE, "k", "v" + i);
    }
    for (TestProbe<WatchProtocol.Response> w : watchers) {
      for (int i = 0; i < 64; i++) {
        assertThat(text(w.receiveMessage(WAIT))).isEqualTo("v" + i);
      }
    }
  }

  /**
   * A commit of thousands of long keys makes a setroot too big for one message: it travels
   * without its keys, and a watcher on a follower still sees the value it changed.
   */
  @Test
  void aCommitOfTooManyKeysForOneEventStillReachesAFollowersWatcher() throws Exception {
    String ns = newNamespace();
    String pad = "-" + "p".repeat(40);
    String watched = "bulk.d0.k7" + pad;
    put(0, ns, 0, watched, "before");
    TestProbe<WatchProtocol.Response> w = watch(2, ns, watched, LookupFlags.WATCH, OWNER);
    assertThat(text(w.receiveMessage(WAIT))).isEqualTo("before");
    Thread.sleep(1_500); // past the watcher's one resync after it starts (resync-after 1 s)
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < 6000; i++) { // 64 keys a directory: every blob stays small
      ops.add(Op.put("bulk.d" + i / 64 + ".k" + i % 64 + pad, TreeObj.Val.utf8("after")));
    }
    assertThat(cluster.<Committed>ask(0, r -> new KvsRank.Commit(ns, 0, ops, OWNER, r))
        .isSuccess()).isTrue();
    assertThat(text(w.receiveMessage(WAIT))).isEqualTo("after");
  }

  @Test
  void plainWatchAnswersEveryCommitNamingTheKeyAndUniqOnlyChanges() throws Exception {
    String ns = newNamespace();
    put(0, ns, 0, "k", "same");
    TestProbe<WatchProtocol.Response> plain = watch(0, ns, "k", LookupFlags.WATCH, OWNER);
    TestProbe<WatchProtocol.Response> uniq =
        watch(0, ns, "k", LookupFlags.WATCH | LookupFlags.WATCH_UNIQ, OWNER);
    assertThat(text(plain.receiveMessage(WAIT))).isEqualTo("same");
    assertThat(text(uniq.receiveMessage(WAIT))).isEqualTo("same");
    put(0, ns, 0, "k", "same");
    put(0, ns, 0, "other", "x");
    put(0, ns, 0, "k", "new");
    assertThat(text(plain.receiveMessage(WAIT))).isEqualTo("same");
    assertThat(text(plain.receiveMessage(WAIT))).isEqualTo("new");
    assertThat(text(uniq.receiveMessage(WAIT))).isEqualTo("new");
    uniq.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void watchFullSeesAnIndirectChangeThroughAReplacedParent() throws Exception {
    String ns = newNamespace();
    put(0, ns, 0, "d.k", "one");
    TestProbe<WatchProtocol.Response> full =
        watch(0, ns, "d.k", LookupFlags.WATCH | LookupFlags.WATCH_FULL, OWNER);
    assertThat(text(full.receiveMessage(WAIT))).isEqualTo("one");
    put(0, ns, 0, "unrelated", "x");
    cluster.<Committed>ask(0, r -> new KvsRank.Commit(ns, 0, List.of(Op.put("d",
        new TreeObj.Dir(java.util.Map.of("k", TreeObj.Val.utf8("two"))))), OWNER, r));
    assertThat(text(full.receiveMessage(WAIT))).isEqualTo("two");
  }

  @Test
  void waitCreateWaitsForTheKeyAndForTheNamespace() throws Exception {
    String ns = newNamespace();
    TestProbe<WatchProtocol.Response> once = watch(0, ns, "later", LookupFlags.WAITCREATE, OWNER);
    once.expectNoMessage(Duration.ofMillis(200));
    put(0, ns, 0, "later", "here");
    assertThat(text(once.receiveMessage(WAIT))).isEqualTo("here");
    assertThat(end(once.receiveMessage(WAIT))).isEqualTo(KvsError.NO_DATA);

    String future = uniqueName("future");
    TestProbe<WatchProtocol.Response> early =
        watch(1, future, "k", LookupFlags.WAITCREATE | LookupFlags.WATCH, OWNER);
    early.expectNoMessage(Duration.ofMillis(1500));
    cluster.create(0, future, 1001);
    put(0, future, 0, "k", "born");
    assertThat(text(early.receiveMessage(WAIT))).isEqualTo("born");
  }

  @Test
  void watchAppendSendsEachAppendOnceThenTheSentinelThenOnlyNewData() throws Exception {
    String ns = newNamespace();
    append(0, ns, "log", "a\n");
    append(0, ns, "log", "b\n");
    TestProbe<WatchProtocol.Response> w = watch(2, ns, "log", LookupFlags.WATCH
        | LookupFlags.WATCH_APPEND | LookupFlags.WATCH_INITIAL_SENTINEL, OWNER);
    assertThat(text(w.receiveMessage(WAIT))).isEqualTo("a\n");
    assertThat(text(w.receiveMessage(WAIT))).isEqualTo("b\n");
    assertThat(w.receiveMessage(WAIT)).isInstanceOf(WatchProtocol.Response.Sentinel.class);
    append(1, ns, "log", "c\n");
    assertThat(text(w.receiveMessage(WAIT))).isEqualTo("c\n");
    put(0, ns, 0, "log", "rewritten");
    assertThat(end(w.receiveMessage(WAIT))).isEqualTo(KvsError.INVALID);
  }

  @Test
  void streamSendsAValueBlobByBlobThenEnds() throws Exception {
    String ns = newNamespace();
    append(0, ns, "out", "1");
    append(0, ns, "out", "2");
    append(0, ns, "out", "3");
    TestProbe<WatchProtocol.Response> s = watch(1, ns, "out", LookupFlags.STREAM, OWNER);
    assertThat(text(s.receiveMessage(WAIT))).isEqualTo("1");
    assertThat(text(s.receiveMessage(WAIT))).isEqualTo("2");
    assertThat(text(s.receiveMessage(WAIT))).isEqualTo("3");
    assertThat(end(s.receiveMessage(WAIT))).isEqualTo(KvsError.NO_DATA);
  }

  @Test
  void cancelRemovalDeletionAndPermissionEndTheStream() throws Exception {
    String ns = newNamespace();
    put(0, ns, 0, "k", "v");
    put(0, ns, 0, "gone", "v");
    TestProbe<WatchProtocol.Response> cancelled = watch(1, ns, "k", LookupFlags.WATCH, OWNER);
    TestProbe<WatchProtocol.Response> deleted = watch(0, ns, "gone", LookupFlags.WATCH, OWNER);
    TestProbe<WatchProtocol.Response> removed = watch(2, ns, "k", LookupFlags.WATCH, OWNER);
    for (TestProbe<WatchProtocol.Response> p : List.of(cancelled, deleted, removed)) {
      p.receiveMessage(WAIT);
    }
    WATCH.get(1).tell(new WatchProtocol.Cancel(cancelled.getRef()));
    assertThat(end(cancelled.receiveMessage(WAIT))).isEqualTo(KvsError.NO_DATA);
    cluster.<Committed>ask(0, r -> new KvsRank.Commit(ns, 0, List.of(Op.unlink("gone")), OWNER,
        r));
    assertThat(end(deleted.receiveMessage(WAIT))).isEqualTo(KvsError.NOT_FOUND);
    cluster.remove(0, ns);
    assertThat(end(removed.receiveMessage(WAIT))).isEqualTo(KvsError.NOT_SUPPORTED);
    assertThat(end(watch(0, newNamespace(), "k", LookupFlags.WATCH, Caller.user(2002))
        .receiveMessage(WAIT))).isEqualTo(KvsError.PERMISSION);
  }

  @Test
  void invalidFlagCombinationsFailWithEinval() {
    for (int flags : new int[] {LookupFlags.WATCH | LookupFlags.STREAM, LookupFlags.WATCH_UNIQ,
        LookupFlags.WATCH | LookupFlags.WATCH_INITIAL_SENTINEL}) {
      assertThat(end(watch(0, "primary", "k", flags, OWNER).receiveMessage(WAIT)))
          .as("flags %d", flags).isEqualTo(KvsError.INVALID);
    }
  }

  @Test
  void aClientThatGoesAwayLosesItsWatcherAtOnce() throws Exception {
    String ns = newNamespace();
    put(0, ns, 0, "k", "v");
    TestProbe<WatchProtocol.Response> w = watch(2, ns, "k", LookupFlags.WATCH, OWNER);
    w.receiveMessage(WAIT);
    TestProbe<WatchService.Counters> counters = TestProbe.create(cluster.systems.get(2));
    WATCH.get(2).tell(new WatchService.GetCounters(counters.getRef()));
    int before = counters.receiveMessage(WAIT).watchers();
    w.stop();
    counters.awaitAssert(WAIT, () -> {
      WATCH.get(2).tell(new WatchService.GetCounters(counters.getRef()));
      assertThat(counters.receiveMessage(WAIT).watchers()).isEqualTo(before - 1);
      return null;
    });
  }
}
