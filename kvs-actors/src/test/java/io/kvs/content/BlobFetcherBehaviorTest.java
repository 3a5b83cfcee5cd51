package io.kvs.content;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.kvs.KvsError;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BlobFetcherBehaviorTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static Bytes blob(String s) {
    return Bytes.utf8(s);
  }

  private static BlobRef ref(Bytes b) {
    return HashAlgorithm.SHA256.hash(b.unsafeArray());
  }

  @Test
  void concurrentAsksForTheSameBlobMakeOneLoadAndAllGetAnswered() {
    BlobCache cache = new BlobCache(1 << 20);
    TestProbe<ContentService.Command> content = KIT.createTestProbe();
    ActorRef<BlobFetcher.Command> fetcher =
        KIT.spawn(BlobFetcher.create(cache, Duration.ofSeconds(5)));
    fetcher.tell(new BlobFetcher.UseContent(content.getRef()));
    Bytes a = blob("a");
    Bytes b = blob("b");
    TestProbe<BlobFetcher.Fetched> first = KIT.createTestProbe();
    TestProbe<BlobFetcher.Fetched> second = KIT.createTestProbe();
    fetcher.tell(new BlobFetcher.Fetch(Set.of(ref(a), ref(b)), first.getRef()));
    fetcher.tell(new BlobFetcher.Fetch(Set.of(ref(a)), second.getRef()));

    ContentService.LoadBlobs load = content.expectMessageClass(ContentService.LoadBlobs.class);
    assertThat(load.refs()).containsExactlyInAnyOrder(ref(a), ref(b));
    content.expectNoMessage(Duration.ofMillis(100));
    load.replyTo().tell(new ContentService.Piece(List.of(new ContentService.Blob(ref(a), a)),
        List.of(), null, false));
    load.replyTo().tell(new ContentService.Piece(List.of(new ContentService.Blob(ref(b), b)),
        List.of(), null, true));

    assertThat(first.receiveMessage().failure()).isNull();
    assertThat(second.receiveMessage().failure()).isNull();
    assertThat(cache.raw(ref(a))).isEqualTo(a);
    assertThat(cache.raw(ref(b))).isEqualTo(b);
  }

  @Test
  void blobsAlreadyCachedAreAnsweredWithoutALoadAndMissingOnesAreReported() {
    BlobCache cache = new BlobCache(1 << 20);
    Bytes here = blob("here");
    cache.put(ref(here), here);
    TestProbe<ContentService.Command> content = KIT.createTestProbe();
    ActorRef<BlobFetcher.Command> fetcher =
        KIT.spawn(BlobFetcher.create(cache, Duration.ofSeconds(5)));
    fetcher.tell(new BlobFetcher.UseContent(content.getRef()));
    TestProbe<BlobFetcher.Fetched> reply = KIT.createTestProbe();
    fetcher.tell(new BlobFetcher.Fetch(Set.of(ref(here)), reply.getRef()));
    assertThat(reply.receiveMessage().missing()).isEmpty();
    content.expectNoMessage(Duration.ofMillis(50));

    BlobRef gone = ref(blob("gone"));
    fetcher.tell(new BlobFetcher.Fetch(Set.of(gone), reply.getRef()));
    content.expectMessageClass(ContentService.LoadBlobs.class).replyTo()
        .tell(new ContentService.Piece(List.of(), List.of(gone), null, true));
    assertThat(reply.receiveMessage().missing()).containsExactly(gone);
  }

  @Test
  void anUnansweredLoadFailsEveryAskerWithEtimedout() {
    BlobCache cache = new BlobCache(1 << 20);
    TestProbe<ContentService.Command> content = KIT.createTestProbe();
    ActorRef<BlobFetcher.Command> fetcher =
        KIT.spawn(BlobFetcher.create(cache, Duration.ofMillis(200)));
    fetcher.tell(new BlobFetcher.UseContent(content.getRef()));
    TestProbe<BlobFetcher.Fetched> reply = KIT.createTestProbe();
    fetcher.tell(new BlobFetcher.Fetch(Set.of(ref(blob("x"))), reply.getRef()));
    content.expectMessageClass(ContentService.LoadBlobs.class);
    assertThat(reply.receiveMessage(Duration.ofSeconds(5)).failure().error())
        .isEqualTo(KvsError.TIMED_OUT);
  }

  @Test
  void withoutRankZeroTheFetchFailsAtOnceWithEnosys() {
    ActorRef<BlobFetcher.Command> fetcher =
        KIT.spawn(BlobFetcher.create(new BlobCache(100), Duration.ofSeconds(5)));
    TestProbe<BlobFetcher.Fetched> reply = KIT.createTestProbe();
    fetcher.tell(new BlobFetcher.Fetch(Set.of(ref(blob("x"))), reply.getRef()));
    assertThat(reply.receiveMessage().failure().error()).isEqualTo(KvsError.NOT_IMPLEMENTED);
  }

  @Test
  void theContentServiceAnswersFoundAndMissingBlobs() {
    MemoryContentStore store = new MemoryContentStore(HashAlgorithm.SHA256, 1 << 20);
    BlobRef there = store.store(blob("there"));
    BlobRef absent = ref(blob("absent"));
    ActorRef<ContentService.Command> service = KIT.spawn(ContentService.create(store));
    TestProbe<ContentService.Piece> reply = KIT.createTestProbe();
    service.tell(new ContentService.LoadBlobs(List.of(there, absent), reply.getRef()));
    ContentService.Piece piece = reply.receiveMessage();
    assertThat(piece.found()).containsExactly(new ContentService.Blob(there, blob("there")));
    assertThat(piece.missing()).containsExactly(absent);
    assertThat(piece.last()).isTrue();
  }

  /** A blob bigger than a piece travels in chunks; many small ones in several pieces. */
  @Test
  void bigBlobsTravelInChunksAndAreJoinedAgain() {
    MemoryContentStore store = new MemoryContentStore(HashAlgorithm.SHA256, 1 << 20);
    byte[] bigData = new byte[250_000];
    new java.util.Random(7).nextBytes(bigData);
    BlobRef big = store.store(Bytes.wrap(bigData));
    List<BlobRef> small = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      small.add(store.store(blob("small-" + i + "-" + "s".repeat(400))));
    }
    List<BlobRef> refs = new java.util.ArrayList<>(small);
    refs.add(2, big);
    List<ContentService.Piece> pieces = ContentService.pieces(refs, store, 1000);
    assertThat(pieces).allSatisfy(p -> assertThat(p.found().stream()
        .mapToInt(b -> b.data().length()).sum()
        + (p.chunk() == null ? 0 : p.chunk().data().length())).isLessThanOrEqualTo(1000));
    assertThat(pieces.get(pieces.size() - 1).last()).isTrue();
    assertThat(pieces.stream().filter(ContentService.Piece::last)).hasSize(1);
    LoadCollector.Assembly assembly = new LoadCollector.Assembly();
    ContentService.Blobs whole = null;
    for (ContentService.Piece p : pieces) {
      whole = assembly.add(p);
    }
    assertThat(whole.missing()).isEmpty();
    assertThat(whole.found()).hasSize(6);
    assertThat(whole.found()).filteredOn(b -> b.ref().equals(big))
        .singleElement().satisfies(b -> assertThat(b.data().unsafeArray()).isEqualTo(bigData));
    // through the actors, with the real piece size
    BlobCache cache = new BlobCache(1 << 22);
    ActorRef<BlobFetcher.Command> fetcher =
        KIT.spawn(BlobFetcher.create(cache, Duration.ofSeconds(5)));
    fetcher.tell(new BlobFetcher.UseContent(KIT.spawn(ContentService.create(store))));
    TestProbe<BlobFetcher.Fetched> reply = KIT.createTestProbe();
    fetcher.tell(new BlobFetcher.Fetch(java.util.Set.copyOf(refs), reply.getRef()));
    BlobFetcher.Fetched fetched = reply.receiveMessage();
    assertThat(fetched.failure()).isNull();
    assertThat(fetched.missing()).isEmpty();
    assertThat(cache.raw(big).unsafeArray()).isEqualTo(bigData);
  }
}
