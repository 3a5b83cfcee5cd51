package io.kvs.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ContentCollectorTest {
  private final MemoryContentStore store = new MemoryContentStore(HashAlgorithm.SHA256, 1 << 20);
  private final AtomicLong now = new AtomicLong();
  private final LiveRoots roots = new LiveRoots(100, now::get);
  private final ContentCollector collector = new ContentCollector(store, roots);

  private BlobRef value(String text) {
    return store.store(Bytes.utf8(text));
  }

  private BlobRef dir(Map<String, TreeObj> entries) {
    return store.store(Bytes.wrap(TreeObjCodec.encode(new TreeObj.Dir(entries))));
  }

  private boolean has(BlobRef ref) {
    return store.raw(ref) != null;
  }

  @Test
  void whatTheRootsReachIsKeptAndTheRestFreed() {
    BlobRef data = value("a long value kept by a valref");
    BlobRef sub = dir(Map.of("v", TreeObj.ValRef.of(data), "i", TreeObj.Val.utf8("inline")));
    BlobRef deep = value("under an inline directory");
    BlobRef root = dir(Map.of("sub", TreeObj.DirRef.of(sub),
        "inline", new TreeObj.Dir(Map.of("x", TreeObj.ValRef.of(deep))),
        "link", TreeObj.Symlink.to("elsewhere")));
    BlobRef orphan = value("nobody refers to this");
    BlobRef oldRoot = dir(Map.of("gone", TreeObj.ValRef.of(orphan)));
    roots.set("ns", root);
    ContentCollector.Cycle c = collector.collect();
    assertThat(has(root) && has(sub) && has(data) && has(deep)).isTrue();
    assertThat(has(orphan)).isFalse();
    assertThat(has(oldRoot)).isFalse();
    assertThat(c.freedBlobs()).isEqualTo(2);
    assertThat(c.liveBlobs()).isEqualTo(4);
    assertThat(store.blobCount()).isEqualTo(4);
    assertThat(c.keptBytes()).isEqualTo(store.totalBytes());
  }

  @Test
  void aReplacedRootIsKeptForTheGracePeriodThenFreed() {
    BlobRef v1 = value("one");
    BlobRef r1 = dir(Map.of("k", TreeObj.ValRef.of(v1)));
    roots.set("ns", r1);
    BlobRef v2 = value("two");
    BlobRef r2 = dir(Map.of("k", TreeObj.ValRef.of(v2)));
    roots.set("ns", r2);
    collector.collect();
    assertThat(has(r1) && has(v1) && has(r2) && has(v2)).isTrue();
    now.addAndGet(101);
    collector.collect();
    assertThat(has(r1) || has(v1)).isFalse();
    assertThat(has(r2) && has(v2)).isTrue();
  }

  @Test
  void aRemovedNamespacesBlobsGoAfterTheGracePeriodButWhatAnotherRootSharesStays() {
    BlobRef shared = value("copied into primary");
    BlobRef guest = dir(Map.of("log", TreeObj.ValRef.of(shared)));
    BlobRef own = value("only the guest's");
    BlobRef guestRoot = dir(Map.of("copy", TreeObj.DirRef.of(guest), "own",
        TreeObj.ValRef.of(own)));
    roots.set("guest", guestRoot);
    roots.set("primary", dir(Map.of("job", TreeObj.DirRef.of(guest))));
    roots.removed("guest");
    now.addAndGet(101);
    collector.collect();
    assertThat(has(guest) && has(shared)).isTrue();
    assertThat(has(guestRoot) || has(own)).isFalse();
  }

  @Test
  void aBlobStoredAfterTheCycleBeganOrStoredAgainIsKept() {
    BlobRef old = value("old and unreferenced");
    BlobRef again = value("stored again by a commit");
    int cycle = store.beginCycle(); // a cycle that reaches nothing
    BlobRef young = value("stored during the cycle");
    value("stored again by a commit");
    store.sweep(cycle);
    assertThat(has(old)).isFalse();
    assertThat(has(young) && has(again)).isTrue();
    collector.collect();
    assertThat(has(young) || has(again)).isFalse();
    assertThat(store.blobCount()).isZero();
    assertThat(store.totalBytes()).isZero();
  }

  @Test
  void aValueWhoseBytesAreAlsoADirectoryIsStillTraversedAsOne() {
    BlobRef leaf = value("under the directory");
    BlobRef both = dir(Map.of("k", TreeObj.ValRef.of(leaf)));
    BlobRef root = dir(Map.of("asValue", TreeObj.ValRef.of(both),
        "asDir", TreeObj.DirRef.of(both)));
    roots.set("ns", root);
    collector.collect();
    assertThat(has(both) && has(leaf)).isTrue();
  }
}
