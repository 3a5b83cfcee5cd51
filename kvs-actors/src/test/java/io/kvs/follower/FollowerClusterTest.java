package io.kvs.follower;

import static io.kvs.follower.ClusterFixture.OWNER;
import static io.kvs.follower.ClusterFixture.error;
import static io.kvs.follower.ClusterFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import akka.Done;
import akka.pattern.StatusReply;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.namespace.Committed;
import io.kvs.namespace.LookupResult;
import io.kvs.namespace.RootSnapshot;
import io.kvs.rank.KvsRank;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Four ranks in one JVM: followers serve, relay and stay consistent. */
class FollowerClusterTest {
  private static ClusterFixture cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new ClusterFixture(4, "");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private StatusReply<Done> create(int rank, String ns, long owner) throws Exception {
    return cluster.ask(rank, r -> new KvsRank.CreateNamespace(ns, owner, null, 0, OWNER, r));
  }

  private StatusReply<Committed> put(int rank, String ns, Caller caller, String key, String value)
      throws Exception {
    return cluster.ask(rank, r -> new KvsRank.Commit(ns, 0,
        List.of(Op.put(key, TreeObj.Val.utf8(value))), caller, r));
  }

  private StatusReply<LookupResult> get(int rank, String ns, Caller caller, String key)
      throws Exception {
    return cluster.ask(rank, r -> new KvsRank.Lookup(ns, key, 0, null, caller, r));
  }

  private static String text(StatusReply<LookupResult> r) {
    return ((TreeObj.Val) r.getValue().val()).data().toUtf8();
  }

  /** A burst of creates and removes through a follower goes to rank 0 batched, in order. */
  @Test
  void aBurstOfCreatesAndRemovesThroughAFollowerKeepsItsOrder() throws Exception {
    String ns = uniqueName("burst");
    List<java.util.concurrent.CompletableFuture<StatusReply<Done>>> replies =
        new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      replies.add(cluster.askAsync(2, r -> new KvsRank.CreateNamespace(ns, 7, null, 0, OWNER, r)));
      replies.add(cluster.askAsync(2, r -> new KvsRank.RemoveNamespace(ns, OWNER, r)));
    }
    replies.add(cluster.askAsync(2, r -> new KvsRank.CreateNamespace(ns, 7, null, 0, OWNER, r)));
    replies.add(cluster.askAsync(2, r -> new KvsRank.CreateNamespace(ns, 7, null, 0, OWNER, r)));
    List<String> outcomes = new java.util.ArrayList<>();
    for (var f : replies) {
      StatusReply<Done> r = f.get(15, java.util.concurrent.TimeUnit.SECONDS);
      outcomes.add(r.isSuccess() ? "ok" : error(r).error().name());
    }
    assertThat(outcomes).containsExactly("ok", "ok", "ok", "ok", "ok", "ok", "ok", "EXISTS");
    for (int i = 0; i < 600; i++) {
      String name = ns + "-" + i;
      replies.add(cluster.askAsync(1 + i % 3,
          r -> new KvsRank.CreateNamespace(name, 7, null, 0, OWNER, r)));
    }
    for (var f : replies) {
      assertThat(f.get(15, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
    }
    assertThat(replies.subList(8, replies.size()))
        .allSatisfy(f -> assertThat(f.join().isSuccess()).isTrue());
  }

  /**
   * A setroot event carries the blobs of its commit: a follower that got the event reads the
   * new value without fetching anything from rank 0.
   */
  @Test
  void aFollowerReadsNewValuesWithTheBlobsTheirEventsCarried() throws Exception {
    String ns = uniqueName("inline");
    assertThat(create(0, ns, 7).isSuccess()).isTrue();
    assertThat(put(0, ns, OWNER, "dir.k", "v0").isSuccess()).isTrue();
    StatusReply<LookupResult> first = get(3, ns, OWNER, "dir.k");
    while (!first.isSuccess() || !text(first).equals("v0")) {
      Thread.sleep(10);
      first = get(3, ns, OWNER, "dir.k");
    }
    Thread.sleep(1_500); // past the replica's one resync after subscribing (resync-after 1 s)
    long before = cluster.stats(3).faults();
    for (int i = 1; i <= 5; i++) {
      long seq = put(0, ns, OWNER, "dir.k", "v" + i).getValue().rootseq();
      while (cluster.<RootSnapshot>ask(3, r -> new KvsRank.GetRoot(ns, OWNER, r)).getValue()
          .rootseq() < seq) {
        Thread.sleep(5);
      }
      assertThat(text(get(3, ns, OWNER, "dir.k"))).isEqualTo("v" + i);
    }
    assertThat(cluster.stats(3).faults() - before).as("blobs fetched from rank 0").isZero();
  }

  @Test
  void aCommitOnAFollowerIsReadBackThereAndOnAnotherFollowerAfterWaitVersion() throws Exception {
    String ns = uniqueName("fw");
    assertThat(create(0, ns, 7).isSuccess()).isTrue();
    Committed c = put(1, ns, OWNER, "a.b", "one").getValue();
    assertThat(text(get(1, ns, OWNER, "a.b"))).isEqualTo("one");
    StatusReply<RootSnapshot> w =
        cluster.<RootSnapshot>ask(2, r -> new KvsRank.WaitVersion(ns, c.rootseq(), OWNER, r));
    assertThat(w.getValue().rootseq()).isGreaterThanOrEqualTo(c.rootseq());
    assertThat(text(get(2, ns, OWNER, "a.b"))).isEqualTo("one");
  }

  /**
   * A commit to a namespace a follower holds no replica of goes to rank 0 as it is: no
   * replica, subscription or root fetch on the follower; a read there afterwards still sees it.
   */
  @Test
  void aCommitThroughAFollowerWithoutAReplicaMakesNoneAndIsStillReadBack() throws Exception {
    String ns = uniqueName("direct");
    assertThat(create(0, ns, 7).isSuccess()).isTrue();
    int held = cluster.stats(2).namespaceCount();
    Committed c = put(2, ns, OWNER, "k", "one").getValue();
    assertThat(c.rootseq()).isPositive();
    assertThat(cluster.stats(2).namespaceCount()).as("replicas on rank 2").isEqualTo(held);
    assertThat(text(get(2, ns, OWNER, "k"))).isEqualTo("one");
    assertThat(cluster.stats(2).namespaceCount()).isEqualTo(held + 1);
    assertThat(put(2, ns, OWNER, "k", "two").isSuccess()).isTrue(); // now through the replica
    assertThat(text(get(2, ns, OWNER, "k"))).isEqualTo("two");
    assertThat(error(put(3, ns, Caller.user(99), "k", "x")).error())
        .isEqualTo(KvsError.PERMISSION);
    assertThat(error(put(3, uniqueName("nowhere"), OWNER, "k", "x")).error())
        .isEqualTo(KvsError.NOT_SUPPORTED);
  }

  @Test
  void aNamespaceCreatedOnOneFollowerIsUsedOnAnotherAndRemovedFromAThird() throws Exception {
    String ns = uniqueName("cross");
    assertThat(create(1, ns, 1234).isSuccess()).isTrue();
    Caller user = Caller.user(1234);
    assertThat(put(2, ns, user, "k", "v").isSuccess()).isTrue();
    assertThat(text(get(2, ns, user, "k"))).isEqualTo("v");
    StatusReply<Done> removed = cluster.ask(3, r -> new KvsRank.RemoveNamespace(ns, OWNER, r));
    assertThat(removed.isSuccess()).isTrue();
    assertThat(error(cluster.<RootSnapshot>ask(0, r -> new KvsRank.GetRoot(ns, OWNER, r))).error())
        .isEqualTo(KvsError.NOT_SUPPORTED);
    StatusReply<KvsRank.NamespaceList> list =
        cluster.ask(3, r -> new KvsRank.ListNamespaces(OWNER, r));
    assertThat(list.getValue().namespaces()).extracting(KvsRank.NamespaceInfo::namespace)
        .doesNotContain(ns).contains("primary");
  }

  @Test
  void listOnAFollowerShowsTheWholeInstance() throws Exception {
    String ns = uniqueName("listed");
    create(0, ns, 7);
    StatusReply<KvsRank.NamespaceList> list =
        cluster.ask(2, r -> new KvsRank.ListNamespaces(OWNER, r));
    assertThat(list.getValue().namespaces()).extracting(KvsRank.NamespaceInfo::namespace)
        .contains(ns);
  }

  @Test
  void aUserIsRefusedOnAFollowerInAnotherUsersNamespace() throws Exception {
    String ns = uniqueName("perm");
    create(0, ns, 1001);
    put(0, ns, OWNER, "s", "secret");
    assertThat(error(get(3, ns, Caller.user(1002), "s")).error()).isEqualTo(KvsError.PERMISSION);
    assertThat(error(put(3, ns, Caller.user(1002), "s", "x")).error())
        .isEqualTo(KvsError.PERMISSION);
    assertThat(text(get(3, ns, Caller.user(1001), "s"))).isEqualTo("secret");
  }

  @Test
  void unknownNamespacesFailWithEnotsupOnFollowers() throws Exception {
    assertThat(error(get(1, uniqueName("nope"), OWNER, "a")).error())
        .isEqualTo(KvsError.NOT_SUPPORTED);
    assertThat(error(put(1, uniqueName("nope"), OWNER, "a", "b")).error())
        .isEqualTo(KvsError.NOT_SUPPORTED);
  }

  @Test
  void followersFaultBigValuesAndDirectoriesFromRankZero() throws Exception {
    String ns = uniqueName("blobs");
    create(0, ns, 7);
    String big = "x".repeat(5000);
    put(0, ns, OWNER, "dir.sub.big", big);
    Committed c = put(0, ns, OWNER, "dir.sub.small", "s").getValue();
    cluster.<RootSnapshot>ask(3, r -> new KvsRank.WaitVersion(ns, c.rootseq(), OWNER, r));
    assertThat(text(get(3, ns, OWNER, "dir.sub.big"))).isEqualTo(big);
    StatusReply<LookupResult> dir = cluster.ask(3,
        r -> new KvsRank.Lookup(ns, "dir.sub", io.kvs.lookup.LookupFlags.READDIR, null, OWNER, r));
    assertThat(((TreeObj.Dir) dir.getValue().val()).entries()).containsKeys("big", "small");
    StatusReply<LookupResult> snap = cluster.ask(2, r -> new KvsRank.Lookup(null, "dir.sub.small",
        0, TreeObj.DirRef.of(c.rootref()), Caller.user(5), r));
    assertThat(text(snap)).isEqualTo("s");
  }

  /**
   * A commit too big for an ordinary transport frame is relayed from a follower on the large-
   * message stream; one too big even for that is refused at once with EFBIG.
   */
  @Test
  void bigCommitsThroughAFollowerTakeTheLargeMessageStreamAndHugeOnesGetEfbig()
      throws Exception {
    String ns = uniqueName("bigput");
    create(0, ns, 7);
    String big = "z".repeat(900_000);
    Committed c = put(2, ns, OWNER, "k", big).getValue();
    assertThat(text(get(2, ns, OWNER, "k")).equals(big)).as("the big value, on rank 2").isTrue();
    cluster.<RootSnapshot>ask(3, r -> new KvsRank.WaitVersion(ns, c.rootseq(), OWNER, r));
    assertThat(text(get(3, ns, OWNER, "k")).equals(big)).as("the big value, on rank 3").isTrue();
    String tenMb = "t".repeat(10_000_000);
    StatusReply<Committed> refused = cluster.ask(2, r -> new KvsRank.Commit(ns, 0,
        List.of(Op.put("a", TreeObj.Val.utf8(tenMb)), Op.put("b", TreeObj.Val.utf8(tenMb))),
        OWNER, r));
    assertThat(error(refused).error()).isEqualTo(KvsError.FILE_TOO_BIG);
    assertThat(error(refused).getMessage()).contains("rank 0");
    assertThat(put(2, ns, OWNER, "small", "s").isSuccess()).isTrue();
  }

  /** A value far over Artery's 256 KiB frame reaches a follower in chunks. */
  @Test
  void aFollowerReadsAValueBiggerThanOneTransportFrame() throws Exception {
    String ns = uniqueName("huge");
    create(0, ns, 7);
    StringBuilder huge = new StringBuilder();
    java.util.Random random = new java.util.Random(11);
    while (huge.length() < 700_000) {
      huge.append(Long.toHexString(random.nextLong()));
    }
    Committed c = put(0, ns, OWNER, "huge", huge.toString()).getValue();
    cluster.<RootSnapshot>ask(1, r -> new KvsRank.WaitVersion(ns, c.rootseq(), OWNER, r));
    assertThat(text(get(1, ns, OWNER, "huge")).equals(huge.toString()))
        .as("the whole value, on rank 1").isTrue();
  }
}
