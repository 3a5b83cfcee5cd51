package io.kvs.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.KvsException;
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

class LookupRequestBehaviorTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Caller OWNER = Caller.owner(1);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private final MemoryContentStore store = new MemoryContentStore(HashAlgorithm.SHA256, 1 << 20);

  private BlobRef dir(Map<String, TreeObj> entries) {
    return store.store(Bytes.wrap(TreeObjCodec.encode(new TreeObj.Dir(entries))));
  }

  private RootServices services(ActorRef<RootQuery> roots, Duration timeout) {
    TestProbe<EventPublisher.Command> publisher = KIT.createTestProbe();
    return new RootServices(store, new TxnApplier(HashAlgorithm.SHA256, 1 << 20),
        publisher.getRef(), roots,
        io.kvs.Tunables.of(true, 100, Duration.ofHours(1), Duration.ofSeconds(1)), timeout, 1);
  }

  @Test
  void itAsksForTheOtherNamespacesRootAnswersOnceAndStops() {
    BlobRef other = dir(Map.of("v", TreeObj.Val.utf8("found")));
    BlobRef mine = dir(Map.of("link", new TreeObj.Symlink("v", "other")));
    TestProbe<RootQuery> roots = KIT.createTestProbe();
    TestProbe<StatusReply<LookupResult>> reply = KIT.createTestProbe();
    ActorRef<LookupRequest.Command> req = KIT.spawn(LookupRequest.create(
        new LookupRequest.Spec(mine, "mine", "link", 0, OWNER, reply.getRef()),
        services(roots.getRef(), Duration.ofSeconds(5)).lookupServices()));
    RootQuery q = roots.receiveMessage();
    assertThat(q.namespace()).isEqualTo("other");
    assertThat(q.caller()).isEqualTo(OWNER);
    q.replyTo().tell(StatusReply.success(new RootSnapshot("other", 1, 0, other, 3, 1)));
    TreeObj val = reply.receiveMessage().getValue().val();
    assertThat(((TreeObj.Val) val).data().toUtf8()).isEqualTo("found");
    reply.expectTerminated(req);
  }

  /**
   * On a follower, blobs the root rank no longer holds mean the cached root was replaced (and
   * collected) without its events arriving: the lookup reads the namespace's root anew, once.
   */
  @Test
  void blobsGoneAtTheRootRankMakeAFollowerLookupReadTheRootAnewOnce() {
    io.kvs.content.BlobCache cache = new io.kvs.content.BlobCache(1 << 20);
    Bytes oldValue = Bytes.utf8("x".repeat(300));
    Bytes newValue = Bytes.utf8("y".repeat(300));
    BlobRef oldRef = HashAlgorithm.SHA256.hash(oldValue.unsafeArray());
    BlobRef newRef = HashAlgorithm.SHA256.hash(newValue.unsafeArray());
    Bytes oldRoot = Bytes.wrap(TreeObjCodec.encode(new TreeObj.Dir(
        Map.of("k", TreeObj.ValRef.of(oldRef)))));
    Bytes newRoot = Bytes.wrap(TreeObjCodec.encode(new TreeObj.Dir(
        Map.of("k", TreeObj.ValRef.of(newRef)))));
    BlobRef oldRootRef = HashAlgorithm.SHA256.hash(oldRoot.unsafeArray());
    BlobRef newRootRef = HashAlgorithm.SHA256.hash(newRoot.unsafeArray());
    cache.offer(oldRootRef, oldRoot);
    cache.offer(newRootRef, newRoot);
    cache.offer(newRef, newValue);
    TestProbe<io.kvs.content.BlobFetcher.Command> fetcher = KIT.createTestProbe();
    TestProbe<RootQuery> roots = KIT.createTestProbe();
    TestProbe<StatusReply<LookupResult>> reply = KIT.createTestProbe();
    ActorRef<LookupRequest.Command> req = KIT.spawn(LookupRequest.create(
        new LookupRequest.Spec(oldRootRef, "mine", "k", 0, OWNER, reply.getRef()),
        new LookupServices(cache, fetcher.getRef(), roots.getRef(), Duration.ofSeconds(5))));
    io.kvs.content.BlobFetcher.Fetch fetch =
        fetcher.expectMessageClass(io.kvs.content.BlobFetcher.Fetch.class);
    assertThat(fetch.refs()).containsExactly(oldRef);
    fetch.replyTo().tell(new io.kvs.content.BlobFetcher.Fetched(java.util.Set.of(oldRef), null));
    RootQuery q = roots.receiveMessage();
    assertThat(q.namespace()).isEqualTo("mine");
    assertThat(q.fresh()).isTrue();
    q.replyTo().tell(StatusReply.success(new RootSnapshot("mine", 1, 0, newRootRef, 4, 1)));
    TreeObj val = reply.receiveMessage().getValue().val();
    assertThat(((TreeObj.Val) val).data()).isEqualTo(newValue);
    reply.expectTerminated(req);
  }

  @Test
  void aRefusedRootIsTheLookupsError() {
    BlobRef mine = dir(Map.of("link", new TreeObj.Symlink("v", "other")));
    TestProbe<RootQuery> roots = KIT.createTestProbe();
    TestProbe<StatusReply<LookupResult>> reply = KIT.createTestProbe();
    ActorRef<LookupRequest.Command> req = KIT.spawn(LookupRequest.create(
        new LookupRequest.Spec(mine, "mine", "link", 0, OWNER, reply.getRef()),
        services(roots.getRef(), Duration.ofSeconds(5)).lookupServices()));
    roots.receiveMessage().replyTo().tell(
        StatusReply.error(KvsError.PERMISSION.failure("kvs: permission denied")));
    assertThat(((KvsException) reply.receiveMessage().getError()).error())
        .isEqualTo(KvsError.PERMISSION);
    reply.expectTerminated(req);
  }

  @Test
  void anUnansweredRootQueryEndsInEtimedout() {
    BlobRef mine = dir(Map.of("link", new TreeObj.Symlink("v", "other")));
    TestProbe<RootQuery> roots = KIT.createTestProbe();
    TestProbe<StatusReply<LookupResult>> reply = KIT.createTestProbe();
    ActorRef<LookupRequest.Command> req = KIT.spawn(LookupRequest.create(
        new LookupRequest.Spec(mine, "mine", "link", 0, OWNER, reply.getRef()),
        services(roots.getRef(), Duration.ofMillis(200)).lookupServices()));
    roots.receiveMessage();
    assertThat(((KvsException) reply.receiveMessage(Duration.ofSeconds(5)).getError()).error())
        .isEqualTo(KvsError.TIMED_OUT);
    reply.expectTerminated(req);
  }

  @Test
  void stoppedBeforeAnsweringItAnswersEnotsup() {
    BlobRef mine = dir(Map.of("link", new TreeObj.Symlink("v", "other")));
    TestProbe<RootQuery> roots = KIT.createTestProbe();
    TestProbe<StatusReply<LookupResult>> reply = KIT.createTestProbe();
    ActorRef<LookupRequest.Command> req = KIT.spawn(LookupRequest.create(
        new LookupRequest.Spec(mine, "mine", "link", 0, OWNER, reply.getRef()),
        services(roots.getRef(), Duration.ofSeconds(5)).lookupServices()));
    roots.receiveMessage();
    KIT.stop(req);
    assertThat(((KvsException) reply.receiveMessage().getError()).error())
        .isEqualTo(KvsError.NOT_SUPPORTED);
  }
}
