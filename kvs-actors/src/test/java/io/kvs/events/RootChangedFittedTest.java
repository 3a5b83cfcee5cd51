package io.kvs.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootChangedFittedTest {
  private static final BlobRef ROOT = HashAlgorithm.SHA256.hash(Bytes.utf8("root").unsafeArray());

  private static KvsEvent.RootChanged event(int keys, int blobBytes) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      names.add("a.key.with.a.long.name." + i);
    }
    List<KvsEvent.InlineBlob> blobs = blobBytes == 0 ? List.of()
        : List.of(new KvsEvent.InlineBlob(ROOT, new byte[blobBytes]));
    return new KvsEvent.RootChanged("ns", 1, 7, ROOT, List.of("txn"), names, 42, blobs);
  }

  @Test
  void anEventThatFitsIsLeftAsItIs() {
    KvsEvent.RootChanged e = event(10, 100);
    assertThat(e.fitted(64 * 1024)).isSameAs(e);
    assertThat(e.keysUnknown()).isFalse();
  }

  @Test
  void blobsGoFirst() {
    KvsEvent.RootChanged e = event(10, 100_000);
    KvsEvent.RootChanged f = e.fitted(64 * 1024);
    assertThat(f.blobs()).isEmpty();
    assertThat(f.keys()).isEqualTo(e.keys());
    assertThat(f.keysUnknown()).isFalse();
    assertThat(f.rootseq()).isEqualTo(7);
  }

  @Test
  void thenTheKeysAndNamesAndTheEventSaysSo() {
    KvsEvent.RootChanged e = event(5000, 0);
    assertThat(EventBatch.estimatedSize(e)).isGreaterThan(64 * 1024);
    KvsEvent.RootChanged f = e.fitted(64 * 1024);
    assertThat(f.keysUnknown()).isTrue();
    assertThat(f.keys()).isEmpty();
    assertThat(f.names()).isEmpty();
    assertThat(f.rootref()).isEqualTo(ROOT);
    assertThat(f.owner()).isEqualTo(42);
    assertThat(EventBatch.estimatedSize(f)).isLessThan(1024);
  }
}
