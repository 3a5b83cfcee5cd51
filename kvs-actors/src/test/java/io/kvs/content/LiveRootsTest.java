package io.kvs.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveRootsTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final LiveRoots roots = new LiveRoots(100, now::get);

  private static BlobRef ref(String s) {
    return HashAlgorithm.SHA256.hash(Bytes.utf8(s).unsafeArray());
  }

  @Test
  void theCurrentRootOfEveryNamespaceIsLive() {
    roots.set("a", ref("a1"));
    roots.set("b", ref("b1"));
    assertThat(roots.snapshot()).containsExactlyInAnyOrder(ref("a1"), ref("b1"));
    assertThat(roots.namespaces()).isEqualTo(2);
  }

  @Test
  void aReplacedRootStaysLiveForTheGracePeriodOnly() {
    roots.set("a", ref("a1"));
    now.addAndGet(10);
    roots.set("a", ref("a2"));
    assertThat(roots.snapshot()).containsExactlyInAnyOrder(ref("a1"), ref("a2"));
    now.addAndGet(100);
    assertThat(roots.snapshot()).containsExactlyInAnyOrder(ref("a1"), ref("a2"));
    now.addAndGet(1);
    assertThat(roots.snapshot()).containsExactly(ref("a2"));
  }

  @Test
  void aRemovedNamespacesLastRootStaysLiveForTheGracePeriod() {
    roots.set("a", ref("a1"));
    roots.removed("a");
    assertThat(roots.snapshot()).containsExactly(ref("a1"));
    assertThat(roots.namespaces()).isZero();
    now.addAndGet(101);
    assertThat(roots.snapshot()).isEmpty();
  }

  @Test
  void settingTheSameRootAgainSupersedesNothing() {
    roots.set("a", ref("a1"));
    roots.set("a", ref("a1"));
    assertThat(roots.snapshot()).containsExactly(ref("a1"));
  }

  @Test
  void untrackedRootsRecordNothing() {
    LiveRoots none = LiveRoots.untracked();
    none.set("a", ref("a1"));
    none.removed("b");
    assertThat(none.snapshot()).isEmpty();
  }
}
