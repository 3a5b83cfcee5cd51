package io.kvs.rank;

import static io.kvs.rank.RankFixture.OWNER;
import static io.kvs.rank.RankFixture.WAIT;
import static io.kvs.rank.RankFixture.error;
import static io.kvs.rank.RankFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import akka.Done;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.pattern.StatusReply;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.namespace.RootSnapshot;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import io.kvs.txn.Op;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NamespaceLifecycleBehaviorTest {
  private static RankFixture rank;

  @BeforeAll
  static void start() {
    rank = new RankFixture();
  }

  @AfterAll
  static void stop() {
    rank.close();
  }

  private List<KvsRank.NamespaceInfo> list() {
    TestProbe<StatusReply<KvsRank.NamespaceList>> p = rank.probe();
    rank.rank.tell(new KvsRank.ListNamespaces(OWNER, p.getRef()));
    return p.receiveMessage(WAIT).getValue().namespaces();
  }

  @Test
  void primaryExistsFromTheStartOwnedByTheInstanceOwner() {
    RootSnapshot root = rank.getRoot("primary", OWNER).getValue();
    assertThat(root.owner()).isEqualTo(RankFixture.OWNER_UID);
    assertThat(root.rootseq()).isZero();
  }

  @Test
  void createdNamespaceStartsAtSeqZeroWithTheEmptyDirectoryAndIsListed() {
    String ns = uniqueName("life");
    assertThat(rank.create(ns, 7).isSuccess()).isTrue();
    RootSnapshot root = rank.getRoot(ns, OWNER).getValue();
    BlobRef empty = rank.settings.hash().hash(TreeObjCodec.encode(TreeObj.Dir.EMPTY));
    assertThat(root.rootseq()).isZero();
    assertThat(root.rootref()).isEqualTo(empty);
    assertThat(root.owner()).isEqualTo(7);
    assertThat(list()).contains(new KvsRank.NamespaceInfo(ns, 7, 0));
  }

  @Test
  void ownerMinusOneMeansTheInstanceOwner() {
    String ns = uniqueName("life");
    rank.create(ns, -1);
    assertThat(rank.getRoot(ns, OWNER).getValue().owner()).isEqualTo(RankFixture.OWNER_UID);
  }

  @Test
  void creatingAnExistingNamespaceFailsWithEexist() {
    String ns = uniqueName("life");
    rank.create(ns, 7);
    assertThat(error(rank.create(ns, 7)).error()).isEqualTo(KvsError.EXISTS);
    assertThat(error(rank.create("primary", 7)).error()).isEqualTo(KvsError.EXISTS);
    assertThat(error(rank.create("PRIMARY", 7)).error()).isEqualTo(KvsError.EXISTS);
  }

  @Test
  void invalidNamesFailWithEinvalAndAClearMessage() {
    for (String bad : List.of("", "-lead", "has space", "a/b", "x".repeat(129), "tab\t")) {
      var e = error(rank.create(bad, 7));
      assertThat(e.error()).as(bad).isEqualTo(KvsError.INVALID);
      assertThat(e.getMessage()).contains("namespace name");
    }
  }

  @Test
  void onlyTheInstanceOwnerMayCreateRemoveOrList() {
    TestProbe<StatusReply<Done>> p = rank.probe();
    Caller user = Caller.user(7);
    rank.rank.tell(new KvsRank.CreateNamespace(uniqueName("life"), 7, null, 0, user, p.getRef()));
    assertThat(error(p.receiveMessage(WAIT)).error()).isEqualTo(KvsError.PERMISSION);
    rank.rank.tell(new KvsRank.RemoveNamespace("primary", user, p.getRef()));
    assertThat(error(p.receiveMessage(WAIT)).error()).isEqualTo(KvsError.PERMISSION);
    TestProbe<StatusReply<KvsRank.NamespaceList>> l = rank.probe();
    rank.rank.tell(new KvsRank.ListNamespaces(user, l.getRef()));
    assertThat(error(l.receiveMessage(WAIT)).error()).isEqualTo(KvsError.PERMISSION);
  }

  @Test
  void invalidOwnerAndFlagsAreRefused() {
    assertThat(error(rank.create(uniqueName("life"), 1L << 33)).error())
        .isEqualTo(KvsError.INVALID);
    TestProbe<StatusReply<Done>> p = rank.probe();
    rank.rank.tell(new KvsRank.CreateNamespace(uniqueName("life"), 7, null, 3, OWNER, p.getRef()));
    assertThat(error(p.receiveMessage(WAIT)).getMessage()).contains("flags");
  }

  @Test
  void rootrefIsValidatedAgainstTheContentStore() {
    TestProbe<StatusReply<Done>> p = rank.probe();
    BlobRef dir = rank.store.store(Bytes.wrap(TreeObjCodec.encode(
        new TreeObj.Dir(java.util.Map.of("k", TreeObj.Val.utf8("v"))))));
    String ns = uniqueName("life");
    rank.rank.tell(new KvsRank.CreateNamespace(ns, 7, dir, 0, OWNER, p.getRef()));
    assertThat(p.receiveMessage(WAIT).isSuccess()).isTrue();
    assertThat(rank.getString(ns, "k")).isEqualTo("v");

    BlobRef unknown = rank.settings.hash().hash(new byte[] {1, 2, 3});
    rank.rank.tell(new KvsRank.CreateNamespace(uniqueName("life"), 7, unknown, 0, OWNER,
        p.getRef()));
    assertThat(error(p.receiveMessage(WAIT)).error()).isEqualTo(KvsError.INVALID);

    BlobRef notDir = rank.store.store(Bytes.utf8("just bytes"));
    rank.rank.tell(new KvsRank.CreateNamespace(uniqueName("life"), 7, notDir, 0, OWNER,
        p.getRef()));
    assertThat(error(p.receiveMessage(WAIT)).error()).isEqualTo(KvsError.INVALID);
  }

  @Test
  void removedNamespaceIsGoneForEveryRequestAndUnlisted() {
    String ns = uniqueName("life");
    rank.create(ns, 7);
    assertThat(rank.remove(ns).isSuccess()).isTrue();
    assertThat(error(rank.getRoot(ns, OWNER)).error()).isEqualTo(KvsError.NOT_SUPPORTED);
    assertThat(error(rank.lookup(ns, OWNER, "a", 0)).error()).isEqualTo(KvsError.NOT_SUPPORTED);
    assertThat(error(rank.commit(ns, OWNER, 0, Op.put("a", TreeObj.Val.utf8("1")))).error())
        .isEqualTo(KvsError.NOT_SUPPORTED);
    assertThat(list()).extracting(KvsRank.NamespaceInfo::namespace).doesNotContain(ns);
  }

  @Test
  void removingAnUnknownNamespaceSucceedsAndPrimaryCannotBeRemoved() {
    assertThat(rank.remove(uniqueName("never")).isSuccess()).isTrue();
    assertThat(error(rank.remove("primary")).error()).isEqualTo(KvsError.NOT_SUPPORTED);
    assertThat(error(rank.remove("Primary")).error()).isEqualTo(KvsError.NOT_SUPPORTED);
  }

  @Test
  void aRemovedNameCanBeCreatedAgainAtOnceWithAFreshRoot() {
    String ns = uniqueName("life");
    rank.create(ns, 7);
    rank.commit(ns, OWNER, 0, Op.put("a", TreeObj.Val.utf8("old")));
    rank.remove(ns);
    assertThat(rank.create(ns, 8).isSuccess()).isTrue();
    RootSnapshot root = rank.getRoot(ns, OWNER).getValue();
    assertThat(root.rootseq()).isZero();
    assertThat(root.owner()).isEqualTo(8);
    assertThat(error(rank.lookup(ns, OWNER, "a", 0)).error()).isEqualTo(KvsError.NOT_FOUND);
  }

  @Test
  void pipelinedCreateRemoveCreateOfOneNameAllSucceedInOrder() {
    String ns = uniqueName("race");
    TestProbe<StatusReply<Done>> p = rank.probe();
    rank.rank.tell(new KvsRank.CreateNamespace(ns, 7, null, 0, OWNER, p.getRef()));
    rank.rank.tell(new KvsRank.RemoveNamespace(ns, OWNER, p.getRef()));
    rank.rank.tell(new KvsRank.CreateNamespace(ns, 9, null, 0, OWNER, p.getRef()));
    rank.rank.tell(new KvsRank.CreateNamespace(ns, 9, null, 0, OWNER, p.getRef()));
    assertThat(p.receiveMessage(WAIT).isSuccess()).isTrue();
    assertThat(p.receiveMessage(WAIT).isSuccess()).isTrue();
    assertThat(p.receiveMessage(WAIT).isSuccess()).isTrue();
    assertThat(error(p.receiveMessage(WAIT)).error()).isEqualTo(KvsError.EXISTS);
    assertThat(rank.getRoot(ns, OWNER).getValue().owner()).isEqualTo(9);
  }
}
