package io.kvs.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import io.kvs.Caller;
import io.kvs.content.MemoryContentStore;
import io.kvs.events.EventPublisher;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import io.kvs.txn.TxnApplier;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Version waiters of a namespace on the root rank, with a short ask timeout. */
class NamespaceRootWaitersTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Caller OWNER = Caller.owner(7);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private final MemoryContentStore store = new MemoryContentStore(HashAlgorithm.SHA256, 1 << 20);

  private ActorRef<NamespaceRoot.Command> root(Duration askTimeout) {
    BlobRef empty = store.store(Bytes.wrap(TreeObjCodec.encode(new TreeObj.Dir(Map.of()))));
    TestProbe<EventPublisher.Command> events = KIT.createTestProbe();
    TestProbe<RootQuery> roots = KIT.createTestProbe();
    RootServices services = new RootServices(store, new TxnApplier(HashAlgorithm.SHA256, 1 << 20),
        events.getRef(), roots.getRef(),
        io.kvs.Tunables.of(true, 100, Duration.ofHours(1), Duration.ofSeconds(1)), askTimeout, 1);
    return KIT.spawn(NamespaceRoot.create("ns", 7, 0, empty, services));
  }

  private static int waiters(ActorRef<NamespaceRoot.Command> root) {
    TestProbe<NamespaceStats> stats = KIT.createTestProbe();
    root.tell(new NamespaceRoot.GetStats(stats.getRef()));
    return stats.receiveMessage().versionWaiters();
  }

  @Test
  void aVersionWaiterIsDroppedOnceItsRequesterHasGivenUp() {
    ActorRef<NamespaceRoot.Command> root = root(Duration.ofMillis(200));
    TestProbe<StatusReply<RootSnapshot>> waiter = KIT.createTestProbe();
    root.tell(new NamespaceRoot.WaitVersion(1_000, OWNER, waiter.getRef()));
    assertThat(waiters(root)).isEqualTo(1);
    waiter.awaitAssert(Duration.ofSeconds(5), () -> {
      assertThat(waiters(root)).isZero();
      return null;
    });
    waiter.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void aWaiterWithinTheTimeoutIsStillWokenByItsVersion() {
    ActorRef<NamespaceRoot.Command> root = root(Duration.ofSeconds(30));
    TestProbe<StatusReply<RootSnapshot>> waiter = KIT.createTestProbe();
    TestProbe<StatusReply<Committed>> committed = KIT.createTestProbe();
    root.tell(new NamespaceRoot.WaitVersion(1, OWNER, waiter.getRef()));
    root.tell(new NamespaceRoot.Commit("t", 0, java.util.List.of(), OWNER, committed.getRef()));
    assertThat(waiter.receiveMessage().getValue().rootseq()).isEqualTo(1);
    assertThat(waiters(root)).isZero();
  }
}
