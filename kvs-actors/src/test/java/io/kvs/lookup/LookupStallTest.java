package io.kvs.lookup;

import static io.kvs.lookup.LookupFlags.READDIR;
import static io.kvs.lookup.LookupFlags.TREEOBJ;
import static io.kvs.lookup.TestTree.dir;
import static io.kvs.lookup.TestTree.val;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvs.content.MemoryContentStore;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Lookups against a rank-local cache that starts empty and is filled from the origin store. */
class LookupStallTest {
  private final TestTree origin = new TestTree();
  private final MemoryContentStore cache = new MemoryContentStore(HashAlgorithm.SHA256, 1 << 20);

  private LookupStep lookup(BlobRef root, String key, int flags) {
    return Lookup.run(root, "primary", key, flags, cache, origin.roots);
  }

  private void fetch(LookupStep step) {
    assertThat(step).isInstanceOf(LookupStep.Stalled.class);
    for (BlobRef ref : ((LookupStep.Stalled) step).missing()) {
      cache.storeHashed(ref, origin.store.raw(ref));
    }
  }

  @Test
  void missingRootStallsOnItThenSucceedsAfterStoringIt() {
    BlobRef root = origin.put(dir("k", val("v")));
    LookupStep first = lookup(root, "k", 0);
    assertThat(first).isEqualTo(new LookupStep.Stalled(Set.of(root)));
    fetch(first);
    assertThat(lookup(root, "k", 0)).isEqualTo(new LookupStep.Found(val("v")));
  }

  @Test
  void eachMissingDirectoryStallsInTurnUntilTheWalkCompletes() {
    TreeObj.DirRef b = origin.dirref(dir("c", val("deep")));
    TreeObj.DirRef a = origin.dirref(dir("b", b));
    BlobRef root = origin.put(dir("a", a));
    List<Set<BlobRef>> stalls = new ArrayList<>();
    LookupStep step = lookup(root, "a.b.c", 0);
    while (step instanceof LookupStep.Stalled s) {
      stalls.add(s.missing());
      fetch(step);
      step = lookup(root, "a.b.c", 0);
    }
    assertThat(stalls).containsExactly(Set.of(root), Set.of(a.ref()), Set.of(b.ref()));
    assertThat(step).isEqualTo(new LookupStep.Found(val("deep")));
  }

  @Test
  void readdirStallsOnTheFinalDirrefButTreeobjDoesNot() {
    TreeObj.Dir sub = dir("x", val("1"));
    TreeObj.DirRef subref = origin.dirref(sub);
    BlobRef root = origin.put(dir("d", subref));
    fetch(lookup(root, "d", 0));
    assertThat(lookup(root, "d", TREEOBJ)).isEqualTo(new LookupStep.Found(subref));
    LookupStep step = lookup(root, "d", READDIR);
    assertThat(step).isEqualTo(new LookupStep.Stalled(Set.of(subref.ref())));
    fetch(step);
    assertThat(lookup(root, "d", READDIR)).isEqualTo(new LookupStep.Found(sub));
  }

  @Test
  void allMissingValrefBlobsAreReportedAtOnce() {
    BlobRef p1 = origin.raw("one,");
    BlobRef p2 = origin.raw("two,");
    BlobRef p3 = origin.raw("three");
    BlobRef root = origin.put(dir("log", new TreeObj.ValRef(List.of(p1, p2, p3))));
    fetch(lookup(root, "log", 0));
    cache.storeHashed(p2, origin.store.raw(p2));
    LookupStep step = lookup(root, "log", 0);
    assertThat(step).isEqualTo(new LookupStep.Stalled(Set.of(p1, p3)));
    fetch(step);
    assertThat(lookup(root, "log", 0)).isEqualTo(new LookupStep.Found(val("one,two,three")));
  }

  @Test
  void stalledMissingSetKeepsDiscoveryOrderAndIsImmutable() {
    BlobRef p1 = origin.raw("a");
    BlobRef p2 = origin.raw("b");
    BlobRef root = origin.put(dir("v", new TreeObj.ValRef(List.of(p2, p1))));
    fetch(lookup(root, "v", 0));
    LookupStep.Stalled s = (LookupStep.Stalled) lookup(root, "v", 0);
    assertThat(s.missing()).containsExactly(p2, p1);
    assertThatThrownBy(() -> s.missing().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
