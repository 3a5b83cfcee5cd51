package io.kvs.rank;

import static io.kvs.rank.RankFixture.OWNER;
import static io.kvs.rank.RankFixture.WAIT;
import static io.kvs.rank.RankFixture.error;
import static io.kvs.rank.RankFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.pattern.StatusReply;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.lookup.LookupFlags;
import io.kvs.namespace.Committed;
import io.kvs.namespace.LookupResult;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LookupBehaviorTest {
  private static RankFixture rank;

  @BeforeAll
  static void start() {
    rank = new RankFixture();
  }

  @AfterAll
  static void stop() {
    rank.close();
  }

  private StatusReply<LookupResult> lookupAt(TreeObj rootdir, Caller caller, String key, int flags) {
    TestProbe<StatusReply<LookupResult>> p = rank.probe();
    rank.rank.tell(new KvsRank.Lookup(null, key, flags, rootdir, caller, p.getRef()));
    return p.receiveMessage(WAIT);
  }

  @Test
  void aRootdirLookupReadsAnOldSnapshotWithoutANamespaceCheck() {
    String ns = uniqueName("snap");
    rank.create(ns, 1001);
    Committed first = rank.commit(ns, OWNER, 0, Op.put("a", TreeObj.Val.utf8("old"))).getValue();
    rank.commit(ns, OWNER, 0, Op.put("a", TreeObj.Val.utf8("new")));
    StatusReply<LookupResult> r =
        lookupAt(TreeObj.DirRef.of(first.rootref()), Caller.user(5555), "a", 0);
    assertThat(((TreeObj.Val) r.getValue().val()).data().toUtf8()).isEqualTo("old");
    assertThat(rank.getString(ns, "a")).isEqualTo("new");
  }

  @Test
  void aRootdirThatIsNotADirrefFailsWithEinval() {
    assertThat(error(lookupAt(TreeObj.Val.utf8("x"), OWNER, "a", 0)).error())
        .isEqualTo(KvsError.INVALID);
  }

  @Test
  void aSymlinkIntoAnotherNamespaceIsFollowed() {
    String src = uniqueName("src");
    String dst = uniqueName("dst");
    rank.create(src, 7);
    rank.create(dst, 7);
    rank.commit(dst, OWNER, 0, Op.put("dir.val", TreeObj.Val.utf8("there")));
    rank.commit(src, OWNER, 0, Op.symlink("link", dst, "dir"));
    assertThat(rank.getString(src, "link.val")).isEqualTo("there");
  }

  @Test
  void aSymlinkIntoAMissingNamespaceFailsWithEnotsup() {
    String src = uniqueName("src");
    rank.create(src, 7);
    rank.commit(src, OWNER, 0, Op.symlink("link", uniqueName("nowhere"), "x"));
    assertThat(error(rank.lookup(src, OWNER, "link", 0)).error())
        .isEqualTo(KvsError.NOT_SUPPORTED);
  }

  @Test
  void lookupFlagsAreValidated() {
    assertThat(error(rank.lookup("primary", OWNER, "a",
        LookupFlags.READDIR | LookupFlags.READLINK)).error()).isEqualTo(KvsError.INVALID);
  }

  @Test
  void missingKeysFailWithEnoentAndDirectoriesNeedReaddir() {
    String ns = uniqueName("look");
    rank.create(ns, 7);
    rank.commit(ns, OWNER, 0, Op.put("d.k", TreeObj.Val.utf8("v")));
    assertThat(error(rank.lookup(ns, OWNER, "nope", 0)).error()).isEqualTo(KvsError.NOT_FOUND);
    assertThat(error(rank.lookup(ns, OWNER, "d", 0)).error()).isEqualTo(KvsError.IS_DIR);
    TreeObj dir = rank.lookup(ns, OWNER, "d", LookupFlags.READDIR).getValue().val();
    assertThat(dir).isInstanceOf(TreeObj.Dir.class);
    assertThat(((TreeObj.Dir) dir).entries()).containsKey("k");
  }
}
