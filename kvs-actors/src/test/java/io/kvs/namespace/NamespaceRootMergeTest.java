package io.kvs.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.BehaviorTestKit;
import akka.actor.testkit.typed.javadsl.TestInbox;
import akka.pattern.StatusReply;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.content.MemoryContentStore;
import io.kvs.events.EventPublisher;
import io.kvs.events.KvsEvent;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import io.kvs.txn.Op;
import io.kvs.txn.TxnApplier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Merging is decided by what is queued when the self-sent ProcessQueue runs; the synchronous
 * test kit makes that moment explicit, so these tests do not depend on thread timing.
 */
class NamespaceRootMergeTest {
  private static final Caller OWNER = Caller.owner(7);

  private final MemoryContentStore store = new MemoryContentStore(HashAlgorithm.SHA256, 1 << 20);
  private final TestInbox<EventPublisher.Command> events = TestInbox.create();
  private final TestInbox<RootQuery> roots = TestInbox.create();

  private BehaviorTestKit<NamespaceRoot.Command> root(boolean merge) {
    BlobRef empty = store.store(Bytes.wrap(TreeObjCodec.encode(new TreeObj.Dir(Map.of()))));
    RootServices services = new RootServices(store, new TxnApplier(HashAlgorithm.SHA256, 1 << 20),
        events.getRef(), roots.getRef(),
        io.kvs.Tunables.of(merge, 100, Duration.ofHours(1), Duration.ofSeconds(1)), Duration.ofSeconds(5), 1);
    return BehaviorTestKit.create(NamespaceRoot.create("ns", 7, 0, empty, services));
  }

  private static NamespaceRoot.Commit commit(String key, TreeObj value,
      TestInbox<StatusReply<Committed>> reply) {
    return new NamespaceRoot.Commit("t-" + key, 0, List.of(Op.put(key, value)), OWNER,
        reply.getRef());
  }

  @Test
  void commitsQueuedTogetherInstallOneRoot() {
    BehaviorTestKit<NamespaceRoot.Command> kit = root(true);
    TestInbox<StatusReply<Committed>> reply = TestInbox.create();
    for (int i = 0; i < 10; i++) {
      kit.run(commit("k" + i, TreeObj.Val.utf8("v" + i), reply));
    }
    kit.runOne();
    List<StatusReply<Committed>> answers = reply.getAllReceived();
    assertThat(answers).hasSize(10);
    assertThat(answers).allSatisfy(a -> assertThat(a.getValue().rootseq()).isEqualTo(1));
    KvsEvent.RootChanged setroot = (KvsEvent.RootChanged)
        ((EventPublisher.Publish) events.receiveMessage()).event();
    assertThat(setroot.rootseq()).isEqualTo(1);
    assertThat(setroot.names()).hasSize(10);
    assertThat(kit.selfInbox().hasMessages()).isFalse();
  }

  @Test
  void withMergeOffEachCommitInstallsItsOwnRoot() {
    BehaviorTestKit<NamespaceRoot.Command> kit = root(false);
    TestInbox<StatusReply<Committed>> reply = TestInbox.create();
    for (int i = 0; i < 3; i++) {
      kit.run(commit("k" + i, TreeObj.Val.utf8("v" + i), reply));
    }
    while (kit.selfInbox().hasMessages()) {
      kit.runOne();
    }
    assertThat(reply.getAllReceived()).extracting(a -> a.getValue().rootseq())
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void aFailingMergedBatchIsReplayedOneByOne() {
    BehaviorTestKit<NamespaceRoot.Command> kit = root(true);
    TestInbox<StatusReply<Committed>> setup = TestInbox.create();
    kit.run(new NamespaceRoot.Commit("mk", 0, List.of(Op.mkdir("dir")), OWNER, setup.getRef()));
    kit.runOne();
    TestInbox<StatusReply<Committed>> good1 = TestInbox.create();
    TestInbox<StatusReply<Committed>> bad = TestInbox.create();
    TestInbox<StatusReply<Committed>> good2 = TestInbox.create();
    kit.run(commit("x", TreeObj.Val.utf8("1"), good1));
    kit.run(new NamespaceRoot.Commit("bad", 0,
        List.of(Op.append("dir", TreeObj.Val.utf8("no"))), OWNER, bad.getRef()));
    kit.run(commit("y", TreeObj.Val.utf8("2"), good2));
    while (kit.selfInbox().hasMessages()) {
      kit.runOne();
    }
    assertThat(good1.receiveMessage().getValue().rootseq()).isEqualTo(2);
    assertThat(((KvsException) bad.receiveMessage().getError()).error())
        .isEqualTo(KvsError.IS_DIR);
    assertThat(good2.receiveMessage().getValue().rootseq()).isEqualTo(3);
  }
}
