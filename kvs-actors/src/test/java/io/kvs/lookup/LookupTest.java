package io.kvs.lookup;

import static io.kvs.lookup.LookupFlags.READDIR;
import static io.kvs.lookup.LookupFlags.READLINK;
import static io.kvs.lookup.LookupFlags.TREEOBJ;
import static io.kvs.lookup.TestTree.dir;
import static io.kvs.lookup.TestTree.val;
import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.KvsError;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.TreeObj;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookupTest {
  private final TestTree t = new TestTree();

  static LookupStep.Failed failed(LookupStep step, KvsError error) {
    assertThat(step).isInstanceOf(LookupStep.Failed.class);
    LookupStep.Failed f = (LookupStep.Failed) step;
    assertThat(f.error()).isEqualTo(error);
    return f;
  }

  static LookupStep found(TreeObj value) {
    return new LookupStep.Found(value);
  }

  /** root = {a: dirref {b: dirref {c: "deep"}, v: "x"}, top: "1"} */
  private BlobRef nestedRoot() {
    TreeObj.DirRef b = t.dirref(dir("c", val("deep")));
    TreeObj.DirRef a = t.dirref(dir("b", b, "v", val("x")));
    return t.put(dir("a", a, "top", val("1")));
  }

  @Test
  void emptyKeyFailsWithInvalid() {
    BlobRef root = t.put(TreeObj.Dir.EMPTY);
    assertThat(failed(t.lookup(root, "", 0), KvsError.INVALID).message()).contains("empty");
  }

  @Test
  void rootWithTreeobjIsADirrefToTheRootWithoutLoadingIt() {
    BlobRef notStored = t.raw("x");
    assertThat(Lookup.run(notStored, "primary", ".", TREEOBJ, new TestTree().store, t.roots))
        .isEqualTo(found(TreeObj.DirRef.of(notStored)));
  }

  @Test
  void rootWithReaddirIsTheLoadedRootDirectory() {
    TreeObj.Dir d = dir("k", val("v"));
    assertThat(t.lookup(t.put(d), ".", READDIR)).isEqualTo(found(d));
    assertThat(t.lookup(t.put(d), "...", READDIR)).isEqualTo(found(d));
  }

  @Test
  void rootWithoutReaddirFailsWithIsDirAndWithReadlinkWithInvalid() {
    BlobRef root = t.put(TreeObj.Dir.EMPTY);
    assertThat(failed(t.lookup(root, ".", 0), KvsError.IS_DIR).message())
        .isEqualTo("kvs: . is a directory");
    failed(t.lookup(root, ".", READLINK), KvsError.INVALID);
  }

  @Test
  void inlineValueIsReturnedAsIs() {
    assertThat(t.lookup(nestedRoot(), "top", 0)).isEqualTo(found(val("1")));
  }

  @Test
  void nestedDirectoriesAreWalkedThroughDirrefs() {
    BlobRef root = nestedRoot();
    assertThat(t.lookup(root, "a.b.c", 0)).isEqualTo(found(val("deep")));
    assertThat(t.lookup(root, "a.v", 0)).isEqualTo(found(val("x")));
  }

  @Test
  void inlineDirectoriesAreWalkedToo() {
    BlobRef root = t.put(dir("a", dir("b", dir("c", val("in")))));
    assertThat(t.lookup(root, "a.b.c", 0)).isEqualTo(found(val("in")));
  }

  @Test
  void keyIsNormalizedBeforeTheWalk() {
    assertThat(t.lookup(nestedRoot(), ".a..b.c.", 0)).isEqualTo(found(val("deep")));
  }

  @Test
  void absentComponentIsNotFoundUnderTheNormalizedKey() {
    LookupStep step = t.lookup(nestedRoot(), "a..nope.c", 0);
    assertThat(step).isEqualTo(new LookupStep.NotFound("a.nope.c"));
    assertThat(((LookupStep.NotFound) step).message()).isEqualTo("kvs: key not found: a.nope.c");
  }

  @Test
  void valueWithComponentsRemainingIsNotFound() {
    BlobRef root = t.put(dir("v", val("x"), "r", TreeObj.ValRef.of(t.raw("y"))));
    assertThat(t.lookup(root, "v.w", 0)).isEqualTo(new LookupStep.NotFound("v.w"));
    assertThat(t.lookup(root, "r.w", READDIR)).isEqualTo(new LookupStep.NotFound("r.w"));
  }

  @Test
  void directoryWithoutReaddirFailsWithIsDir() {
    BlobRef root = nestedRoot();
    assertThat(failed(t.lookup(root, "a.b", 0), KvsError.IS_DIR).message())
        .isEqualTo("kvs: a.b is a directory");
    failed(t.lookup(t.put(dir("d", dir())), "d", 0), KvsError.IS_DIR);
  }

  @Test
  void directoryWithReaddirIsTheExpandedDirWithItsEntriesAsStored() {
    TreeObj.Dir b = dir("c", val("deep"));
    TreeObj.DirRef bref = t.dirref(b);
    BlobRef root = t.put(dir("a", t.dirref(dir("b", bref))));
    assertThat(t.lookup(root, "a.b", READDIR)).isEqualTo(found(b));
    assertThat(t.lookup(root, "a", READDIR)).isEqualTo(found(dir("b", bref)));
    TreeObj.Dir inline = dir("x", val("1"));
    assertThat(t.lookup(t.put(dir("d", inline)), "d", READDIR)).isEqualTo(found(inline));
  }

  @Test
  void treeobjReturnsDirrefsAndValrefsUnexpanded() {
    TreeObj.DirRef a = t.dirref(dir("k", val("v")));
    TreeObj.ValRef r = TreeObj.ValRef.of(t.raw("blob"));
    BlobRef root = t.put(dir("a", a, "r", r));
    assertThat(t.lookup(root, "a", TREEOBJ)).isEqualTo(found(a));
    assertThat(t.lookup(root, "a", TREEOBJ | READDIR)).isEqualTo(found(a));
    assertThat(t.lookup(root, "r", TREEOBJ)).isEqualTo(found(r));
  }

  @Test
  void valuesWithReaddirFailWithNotDir() {
    BlobRef root = t.put(dir("v", val("x"), "r", TreeObj.ValRef.of(t.raw("y"))));
    assertThat(failed(t.lookup(root, "v", READDIR), KvsError.NOT_DIR).message())
        .isEqualTo("kvs: v is not a directory");
    failed(t.lookup(root, "r", READDIR), KvsError.NOT_DIR);
  }

  @Test
  void readlinkOnAnythingButASymlinkFailsWithInvalid() {
    BlobRef root = t.put(dir("v", val("x"), "r", TreeObj.ValRef.of(t.raw("y")),
        "d", dir(), "dr", t.dirref(dir())));
    for (String key : List.of("v", "r", "d", "dr")) {
      assertThat(failed(t.lookup(root, key, READLINK), KvsError.INVALID).message())
          .isEqualTo("kvs: " + key + " is not a symlink");
    }
  }

  @Test
  void valrefIsConcatenatedIntoOneVal() {
    TreeObj.ValRef r = new TreeObj.ValRef(List.of(t.raw("hello "), t.raw("wide "), t.raw("world")));
    assertThat(t.lookup(t.put(dir("log", r)), "log", 0)).isEqualTo(found(val("hello wide world")));
  }

  @Test
  void valrefOfOneBlobIsThatBlob() {
    TreeObj.ValRef r = TreeObj.ValRef.of(t.raw("only"));
    assertThat(t.lookup(t.put(dir("k", r)), "k", 0)).isEqualTo(found(val("only")));
  }

  @Test
  void valrefLongerThanIntMaxFailsWithOverflow() {
    BlobRef mib = t.store.store(Bytes.wrap(new byte[1 << 20]));
    TreeObj.ValRef huge = new TreeObj.ValRef(Collections.nCopies(2048, mib));
    BlobRef root = t.put(dir("big", huge));
    assertThat(failed(t.lookup(root, "big", 0), KvsError.OVERFLOW).message()).contains("big");
  }

  @Test
  void dirrefNamingTwoBlobsFailsWithNotRecoverable() {
    BlobRef d = t.put(dir("k", val("v")));
    TreeObj.DirRef two = new TreeObj.DirRef(List.of(d, d));
    BlobRef root = t.put(dir("a", two));
    failed(t.lookup(root, "a.k", 0), KvsError.NOT_RECOVERABLE);
    failed(t.lookup(root, "a", READDIR), KvsError.NOT_RECOVERABLE);
    assertThat(t.lookup(root, "a", TREEOBJ)).isEqualTo(found(two));
  }

  @Test
  void dirrefNamingANonDirectoryFailsWithNotRecoverable() {
    BlobRef root = t.put(dir("a", TreeObj.DirRef.of(t.put(val("not a dir")))));
    assertThat(failed(t.lookup(root, "a.b", 0), KvsError.NOT_RECOVERABLE).message())
        .contains("val");
    failed(t.lookup(t.put(val("x")), "k", 0), KvsError.NOT_RECOVERABLE);
  }

  @Test
  void blobThatIsNotATreeObjectFailsWithProtocol() {
    BlobRef junk = t.raw("{not json");
    failed(t.lookup(t.put(dir("a", TreeObj.DirRef.of(junk))), "a.b", 0), KvsError.PROTOCOL);
    assertThat(failed(t.lookup(junk, "k", 0), KvsError.PROTOCOL).message()).contains(junk.value());
  }
}
