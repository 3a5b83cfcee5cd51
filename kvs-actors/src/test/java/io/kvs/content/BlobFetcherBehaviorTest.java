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
    load.replyTo().tell(new ContentService.Blobs(List.of(new ContentService.Blob(ref(a), a),
        new ContentService.Blob(ref(b), b)), List.of()));

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
        .tell(new ContentService.Blobs(List.of(), List.of(gone)));
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
    TestProbe<ContentService.Blobs> reply = KIT.createTestProbe();
    service.tell(new ContentService.LoadBlobs(List.of(there, absent), reply.getRef()));
    ContentService.Blobs blobs = reply.receiveMessage();
    assertThat(blobs.found()).containsExactly(new ContentService.Blob(there, blob("there")));
    assertThat(blobs.missing()).containsExactly(absent);
  }
}
