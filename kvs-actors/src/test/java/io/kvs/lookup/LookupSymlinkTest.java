package io.kvs.lookup;

import static io.kvs.lookup.LookupFlags.READDIR;
import static io.kvs.lookup.LookupFlags.READLINK;
import static io.kvs.lookup.LookupFlags.TREEOBJ;
import static io.kvs.lookup.LookupTest.failed;
import static io.kvs.lookup.LookupTest.found;
import static io.kvs.lookup.TestTree.dir;
import static io.kvs.lookup.TestTree.link;
import static io.kvs.lookup.TestTree.val;
import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.KvsError;
import io.kvs.content.BlobSource;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.Limits;
import io.kvs.treeobj.TreeObj;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LookupSymlinkTest {
  private final TestTree t = new TestTree();

  /** primary root = {a: dirref {b: {c: "deep"}}, s: "top"} plus {@code extra} entries. */
  private BlobRef root(Object... extra) {
    List<Object> entries = new ArrayList<>(List.of(
        "a", t.dirref(dir("b", t.dirref(dir("c", val("deep"))))), "s", val("top")));
    entries.addAll(List.of(extra));
    return t.put(dir(entries.toArray()));
  }

  @Test
  void intermediateSymlinkInTheSameNamespaceIsFollowed() {
    BlobRef root = root("l", link("a.b"));
    assertThat(t.lookup(root, "l.c", 0)).isEqualTo(found(val("deep")));
    assertThat(t.lookup(root, "l.c", READLINK | TREEOBJ)).isEqualTo(found(val("deep")));
  }

  @Test
  void finalSymlinkIsFollowedWithoutReadlinkOrTreeobj() {
    BlobRef root = root("l", link("a.b.c"), "ld", link("a.b"));
    assertThat(t.lookup(root, "l", 0)).isEqualTo(found(val("deep")));
    assertThat(t.lookup(root, "ld", READDIR)).isEqualTo(found(dir("c", val("deep"))));
    failed(t.lookup(root, "ld", 0), KvsError.IS_DIR);
  }

  @Test
  void finalSymlinkWithReadlinkOrTreeobjIsReturnedUnfollowed() {
    TreeObj.Symlink l = link("other", "a.b");
    BlobRef root = root("l", l);
    assertThat(t.lookup(root, "l", READLINK)).isEqualTo(found(l));
    assertThat(t.lookup(root, "l", TREEOBJ)).isEqualTo(found(l));
  }

  @Test
  void readdirOnAnUnfollowedSymlinkFailsWithNotDir() {
    BlobRef root = root("l", link("a.b"));
    assertThat(failed(t.lookup(root, "l", READLINK | READDIR), KvsError.NOT_DIR).message())
        .isEqualTo("kvs: l is not a directory");
  }

  @Test
  void symlinkToDotIsTheRootOfItsNamespace() {
    BlobRef root = root("up", link("."), "norm", link("..a..b.."));
    assertThat(t.lookup(root, "up.s", 0)).isEqualTo(found(val("top")));
    assertThat(t.lookup(root, "up.up.a.b.c", 0)).isEqualTo(found(val("deep")));
    assertThat(t.lookup(root, "up", TREEOBJ)).isEqualTo(found(link(".")));
    assertThat(t.lookup(root, "norm.c", 0)).isEqualTo(found(val("deep")));
    assertThat(((TreeObj.Dir) ((LookupStep.Found) t.lookup(root, "up", READDIR)).value()).entries())
        .containsKeys("a", "s", "up");
  }

  @Test
  void symlinkToAMissingKeyIsNotFoundUnderTheRequestedKey() {
    BlobRef root = root("l", link("a.nope"));
    assertThat(t.lookup(root, "l.x", 0)).isEqualTo(new LookupStep.NotFound("l.x"));
  }

  @Test
  void symlinkNamingTheCurrentNamespaceStaysInTheSameRootWithoutResolving() {
    BlobRef root = root("l", link("primary", "s"));
    NamespaceRoots refusing = ns -> {
      throw new AssertionError("resolved " + ns);
    };
    assertThat(Lookup.run(root, "primary", "l", 0, t.store, refusing)).isEqualTo(found(val("top")));
  }

  @Test
  void crossNamespaceSymlinkWalksTheOtherNamespacesRoot() {
    BlobRef guest = t.put(dir("out", t.dirref(dir("x", val("guest-x")))));
    t.namespace("job-1", guest);
    BlobRef root = root("job", dir("1", dir("guest", link("job-1", "."))));
    assertThat(t.lookup(root, "job.1.guest.out.x", 0)).isEqualTo(found(val("guest-x")));
    assertThat(t.lookup(root, "job.1.guest", TREEOBJ)).isEqualTo(found(link("job-1", ".")));
    assertThat(t.lookup(root, "job.1.guest", READDIR))
        .isEqualTo(found(dir("out", t.dirref(dir("x", val("guest-x"))))));
  }

  @Test
  void unresolvedNamespaceRootNeedsRootThenSucceeds() {
    BlobRef guest = t.put(dir("x", val("later")));
    BlobRef root = root("g", link("job-2", "x"));
    assertThat(t.lookup(root, "g", 0)).isEqualTo(new LookupStep.NeedRoot("job-2"));
    t.namespace("job-2", guest);
    assertThat(t.lookup(root, "g", 0)).isEqualTo(found(val("later")));
  }

  @Test
  void deniedNamespaceFailsWithItsOwnError() {
    BlobRef root = root("p", link("private", "x"), "gone", link("removed", "."));
    t.namespaces.put("private", new RootResolution.Denied(KvsError.PERMISSION, "kvs: no access"));
    t.namespaces.put("removed",
        new RootResolution.Denied(KvsError.NOT_SUPPORTED, "kvs: namespace not found: removed"));
    assertThat(t.lookup(root, "p", 0))
        .isEqualTo(new LookupStep.Failed(KvsError.PERMISSION, "kvs: no access"));
    assertThat(t.lookup(root, "gone.y", 0)).isEqualTo(
        new LookupStep.Failed(KvsError.NOT_SUPPORTED, "kvs: namespace not found: removed"));
  }

  @Test
  void namelessSymlinkInsideAnotherNamespaceResolvesInThatNamespace() {
    BlobRef guest = t.put(dir("alias", link("real"), "real", val("guest-real")));
    t.namespace("job-3", guest);
    BlobRef root = root("g", link("job-3", "."), "real", val("primary-real"));
    assertThat(t.lookup(root, "g.alias", 0)).isEqualTo(found(val("guest-real")));
  }

  @Test
  void targetNamespaceRootThatIsMissingStallsOnIt() {
    BlobRef guest = t.put(dir("x", val("1")));
    t.namespace("job-4", guest);
    BlobRef root = root("g", link("job-4", "x"));
    List<BlobRef> fetched = new ArrayList<>();
    BlobSource withoutGuest = new BlobSource() {
      @Override
      public Bytes raw(BlobRef ref) {
        return t.store.raw(ref);
      }

      @Override
      public TreeObj object(BlobRef ref) {
        return ref.equals(guest) && fetched.isEmpty() ? null : t.store.object(ref);
      }
    };
    LookupStep step = Lookup.run(root, "primary", "g", 0, withoutGuest, t.roots);
    assertThat(step).isEqualTo(new LookupStep.Stalled(Set.of(guest)));
    fetched.add(guest);
    assertThat(Lookup.run(root, "primary", "g", 0, withoutGuest, t.roots))
        .isEqualTo(found(val("1")));
  }

  @Test
  void rootdirLookupKeepsNamelessSymlinksInThatRoot() {
    BlobRef snapshot = root("l", link("s"));
    t.namespace("primary", t.put(dir("s", val("current"))));
    assertThat(t.lookup(snapshot, null, "l", 0)).isEqualTo(found(val("top")));
  }

  @Test
  void rootdirLookupResolvesSymlinksThatNameANamespace() {
    BlobRef snapshot = root("l", link("primary", "s"));
    t.namespace("primary", t.put(dir("s", val("current"))));
    assertThat(t.lookup(snapshot, null, "l", 0)).isEqualTo(found(val("current")));
  }

  @Test
  void chainOfTenHopsResolves() {
    assertThat(t.lookup(chain(Limits.SYMLINK_HOPS_MAX), "l0", 0)).isEqualTo(found(val("end")));
  }

  @Test
  void eleventhHopFailsWithLoop() {
    failed(t.lookup(chain(Limits.SYMLINK_HOPS_MAX + 1), "l0", 0), KvsError.SYMLINK_LOOP);
  }

  @Test
  void symlinkCycleFailsWithElAfterTenHops() {
    BlobRef root = t.put(dir("x", link("y"), "y", link("x")));
    int[] resolves = {0};
    NamespaceRoots counting = ns -> {
      resolves[0]++;
      return new RootResolution.Unresolved();
    };
    LookupStep.Failed f = failed(Lookup.run(root, "primary", "x.z", 0, t.store, counting),
        KvsError.SYMLINK_LOOP);
    assertThat(f.message()).isEqualTo("kvs: x.z: more than 10 symlink hops");
    assertThat(resolves[0]).isZero();
  }

  @Test
  void crossNamespaceCycleAlsoFailsWithLoop() {
    BlobRef ping = t.put(dir("l", link("pong", "l")));
    BlobRef pong = t.put(dir("l", link("ping", "l")));
    t.namespace("ping", ping);
    t.namespace("pong", pong);
    failed(t.lookup(ping, "ping", "l", 0), KvsError.SYMLINK_LOOP);
  }

  /** Root where l0 -> l1 -> ... -> l(n-1) -> end, i.e. {@code n} hops from l0 to a value. */
  private BlobRef chain(int n) {
    List<Object> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      entries.add("l" + i);
      entries.add(link(i + 1 < n ? "l" + (i + 1) : "end"));
    }
    entries.add("end");
    entries.add(val("end"));
    return t.put(dir(entries.toArray()));
  }
}
