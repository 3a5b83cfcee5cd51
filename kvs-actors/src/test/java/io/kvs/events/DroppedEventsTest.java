package io.kvs.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.HashAlgorithm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DroppedEventsTest {
  private static final BlobRef REF = HashAlgorithm.SHA256.hash(new byte[] {1});

  private static KvsEvent.RootChanged setroot(String ns, long epoch, long seq) {
    return new KvsEvent.RootChanged(ns, epoch, seq, REF, List.of(), List.of("k"), 7);
  }

  private static EventBatch batch(KvsEvent... events) {
    return new EventBatch("kvs.ns.1", List.of(events));
  }

  @Test
  void onlyTheNewestSetrootOfEachNamespaceIsKeptPerRecipient() {
    DroppedEvents<String> d = new DroppedEvents<>(100);
    d.add("rank-1", batch(setroot("a", 1, 3), setroot("b", 1, 1), setroot("a", 1, 2)));
    d.add("rank-1", batch(setroot("a", 1, 4), new KvsEvent.NamespaceRemoved("c", 1),
        new KvsEvent.CommitFailed("b", 1, List.of("t"), 95)));
    d.add("rank-2", batch(setroot("a", 1, 2), setroot("a", 2, 0)));
    assertThat(d.size()).isEqualTo(3);
    Map<String, List<EventBatch>> out = d.drain(10);
    assertThat(out.get("rank-1")).singleElement().satisfies(b -> {
      assertThat(b.topic()).isEqualTo("kvs.ns.1");
      assertThat(b.events()).containsExactly(setroot("a", 1, 4), setroot("b", 1, 1));
    });
    assertThat(out.get("rank-2").get(0).events()).as("a new epoch wins")
        .containsExactly(setroot("a", 2, 0));
    assertThat(d.isEmpty()).isTrue();
    assertThat(d.drain(10)).isEmpty();
  }

  @Test
  void drainSplitsIntoBatchesAndTheBoundRefusesNewNamespaces() {
    DroppedEvents<String> d = new DroppedEvents<>(5);
    for (int i = 0; i < 7; i++) {
      d.add("r", batch(setroot("ns" + i, 1, 1)));
    }
    d.add("r", batch(setroot("ns0", 1, 9)));
    assertThat(d.size()).isEqualTo(5);
    assertThat(d.refused()).isEqualTo(2);
    List<EventBatch> batches = d.drain(2).get("r");
    assertThat(batches).extracting(b -> b.events().size()).containsExactly(2, 2, 1);
    assertThat(batches.get(0).events().get(0)).as("a newer one replaces, within the bound")
        .isEqualTo(setroot("ns0", 1, 9));
  }

  @Test
  void drainKeepsBatchesUnderTheByteBoundOfTheirTransport() {
    DroppedEvents<String> d = new DroppedEvents<>(1000);
    byte[] blob = new byte[4096];
    for (int i = 0; i < 100; i++) {
      d.add("r", batch(new KvsEvent.RootChanged("ns" + i, 1, 1, REF, List.of(), List.of("k"), 7,
          List.of(new KvsEvent.InlineBlob(REF, blob)))));
    }
    List<EventBatch> batches = d.drain(256).get("r");
    assertThat(batches.size()).isGreaterThan(1);
    assertThat(batches).allSatisfy(b -> assertThat(b.events().stream()
        .mapToLong(EventBatch::estimatedSize).sum()).isLessThanOrEqualTo(EventBatch.MAX_BYTES));
    assertThat(batches.stream().mapToInt(b -> b.events().size()).sum()).isEqualTo(100);
  }
}
