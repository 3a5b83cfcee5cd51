package io.kvs.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.KvsError;
import io.kvs.content.BlobSource;
import io.kvs.content.MemoryContentStore;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObj.Dir;
import io.kvs.treeobj.TreeObj.DirRef;
import io.kvs.treeobj.TreeObj.Symlink;
import io.kvs.treeobj.TreeObj.Val;
import io.kvs.treeobj.TreeObj.ValRef;
import io.kvs.treeobj.TreeObjCodec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TxnApplierTest {
  private static final String NS = "test";
  private static final HashAlgorithm HASH = HashAlgorithm.SHA256;

  private final MemoryContentStore store = new MemoryContentStore(HASH, 1 << 20);
  private final TxnApplier applier = new TxnApplier(HASH, 1 << 20);
  private final BlobRef empty = store.store(Bytes.wrap(TreeObjCodec.encode(Dir.EMPTY)));

  @Test
  void putWritesAValueThatCanBeReadBack() {
    BlobRef root = commit(empty, Op.put("a", Val.utf8("1"))).rootref();
    assertThat(value(root, "a")).isEqualTo("1");
  }

  @Test
  void theNewRootrefIsTheHashOfTheCanonicalDirectory() {
    BlobRef root = commit(empty, Op.put("a", Val.utf8("1"))).rootref();
    Dir expected = new Dir(Map.of("a", Val.utf8("1")));
    assertThat(root).isEqualTo(HASH.hash(TreeObjCodec.encode(expected)));
  }

  @Test
  void putOverwritesAnExistingValue() {
    BlobRef root = commit(empty, Op.put("a", Val.utf8("1"))).rootref();
    root = commit(root, Op.put("a", Val.utf8("2"))).rootref();
    assertThat(value(root, "a")).isEqualTo("2");
  }

  @Test
  void opsOfOneTransactionApplyInOrder() {
    BlobRef root = commit(empty, Op.put("a", Val.utf8("1")), Op.unlink("a"),
        Op.put("b", Val.utf8("2")), Op.put("b", Val.utf8("3"))).rootref();
    assertThat(lookup(root, "a")).isNull();
    assertThat(value(root, "b")).isEqualTo("3");
  }

  @Test
  void unlinkRemovesTheKeyButKeepsItsParent() {
    BlobRef root = commit(empty, Op.put("d.a", Val.utf8("1")), Op.put("d.b", Val.utf8("2")))
        .rootref();
    root = commit(root, Op.unlink("d.a")).rootref();
    assertThat(lookup(root, "d.a")).isNull();
    assertThat(value(root, "d.b")).isEqualTo("2");
  }

  @Test
  void unlinkOfAMissingKeyIsANoOpThatKeepsTheRootref() {
    BlobRef root = commit(empty, Op.put("d.a", Val.utf8("1")), Op.put("v", Val.utf8("x")))
        .rootref();
    TxnStep.Finished f = commit(root, Op.unlink("d.missing"), Op.unlink("nodir.x"),
        Op.unlink("v.under.a.value"));
    assertThat(f.rootref()).isEqualTo(root);
    assertThat(f.newBlobs()).isEmpty();
  }

  @Test
  void mkdirCreatesAnEmptyDirectoryStoredAsADirref() {
    BlobRef root = commit(empty, Op.mkdir("d")).rootref();
    assertThat(lookup(root, "d")).isEqualTo(DirRef.of(empty));
  }

  @Test
  void symlinkIsStoredAsGiven() {
    BlobRef root = commit(empty, Op.symlink("l", "job-1", "."), Op.symlink("m", null, "a.b"))
        .rootref();
    assertThat(lookup(root, "l")).isEqualTo(new Symlink(".", "job-1"));
    assertThat(lookup(root, "m")).isEqualTo(Symlink.to("a.b"));
  }

  @Test
  void putCreatesMissingIntermediateDirectories() {
    TxnStep.Finished f = commit(empty, Op.put("a.b.c", Val.utf8("deep")));
    assertThat(value(f.rootref(), "a.b.c")).isEqualTo("deep");
    assertThat(lookup(f.rootref(), "a")).isInstanceOf(DirRef.class);
    assertThat(lookup(f.rootref(), "a.b")).isInstanceOf(DirRef.class);
    assertThat(f.newBlobs()).hasSize(3);
    assertThat(f.newDirs()).hasSize(3);
    f.newDirs().forEach((ref, dir) -> assertThat(TreeObjCodec.decode(
        f.newBlobs().get(ref).unsafeArray())).as("what %s encodes", ref).isEqualTo(dir));
  }

  @Test
  void aValueInAnIntermediatePositionIsReplacedByADirectory() {
    BlobRef root = commit(empty, Op.put("a", Val.utf8("1"))).rootref();
    root = commit(root, Op.put("a.b", Val.utf8("2"))).rootref();
    assertThat(lookup(root, "a")).isInstanceOf(DirRef.class);
    assertThat(value(root, "a.b")).isEqualTo("2");
  }

  @Test
  void appendToAnAbsentKeyInsertsTheVal() {
    BlobRef root = commit(empty, Op.append("log", Val.utf8("one"))).rootref();
    assertThat(lookup(root, "log")).isEqualTo(Val.utf8("one"));
  }

  @Test
  void appendToAValConvertsItToAValrefOfTheOldAndNewBytes() {
    BlobRef root = commit(empty, Op.put("log", Val.utf8("one,"))).rootref();
    TxnStep.Finished f = commit(root, Op.append("log", Val.utf8("two")));
    BlobRef oldRef = HASH.hash(Bytes.utf8("one,").unsafeArray());
    BlobRef newRef = HASH.hash(Bytes.utf8("two").unsafeArray());
    assertThat(lookup(f.rootref(), "log")).isEqualTo(new ValRef(List.of(oldRef, newRef)));
    assertThat(f.newBlobs()).containsEntry(oldRef, Bytes.utf8("one,"))
        .containsEntry(newRef, Bytes.utf8("two"));
    assertThat(value(f.rootref(), "log")).isEqualTo("one,two");
  }

  @Test
  void appendToAValrefAddsOneRef() {
    BlobRef root = commit(empty, Op.put("log", Val.utf8("a")),
        Op.append("log", Val.utf8("b"))).rootref();
    ValRef before = (ValRef) lookup(root, "log");
    TxnStep.Finished f = commit(root, Op.append("log", Val.utf8("c")));
    BlobRef c = HASH.hash(Bytes.utf8("c").unsafeArray());
    assertThat(lookup(f.rootref(), "log")).isEqualTo(before.append(c));
    assertThat(f.newBlobs()).containsEntry(c, Bytes.utf8("c"));
    assertThat(value(f.rootref(), "log")).isEqualTo("abc");
  }

  @Test
  void appendToADirectoryFailsWithIsDir() {
    BlobRef root = commit(empty, Op.mkdir("d")).rootref();
    assertFailed(apply(root, Op.append("d", Val.utf8("x"))), KvsError.IS_DIR);
    assertFailed(apply(empty, Op.mkdir("e"), Op.append("e", Val.utf8("x"))), KvsError.IS_DIR);
  }

  @Test
  void appendToASymlinkFailsWithNotSupported() {
    BlobRef root = commit(empty, Op.symlink("l", null, "a")).rootref();
    TxnStep.Failed f = assertFailed(apply(root, Op.append("l", Val.utf8("x"))),
        KvsError.NOT_SUPPORTED);
    assertThat(f.error().errnum()).isEqualTo(95);
  }

  @Test
  void aSameNamespaceSymlinkInTheWritePathIsFollowed() {
    BlobRef root = commit(empty, Op.mkdir("real"), Op.symlink("l", null, "real"),
        Op.symlink("same", NS, "real"), Op.symlink("top", null, ".")).rootref();
    root = commit(root, Op.put("l.a", Val.utf8("1")), Op.put("same.b.c", Val.utf8("2")),
        Op.put("top.t", Val.utf8("3"))).rootref();
    assertThat(value(root, "real.a")).isEqualTo("1");
    assertThat(value(root, "real.b.c")).isEqualTo("2");
    assertThat(value(root, "t")).isEqualTo("3");
    assertThat(lookup(root, "l")).isEqualTo(Symlink.to("real"));
  }

  @Test
  void unlinkThroughASymlinkRemovesTheTarget() {
    BlobRef root = commit(empty, Op.put("real.a", Val.utf8("1")), Op.symlink("l", null, "real"))
        .rootref();
    root = commit(root, Op.unlink("l.a")).rootref();
    assertThat(lookup(root, "real.a")).isNull();
  }

  @Test
  void aSymlinkIntoAnotherNamespaceInTheWritePathFailsWithInvalid() {
    BlobRef root = commit(empty, Op.symlink("guest", "job-1", ".")).rootref();
    assertFailed(apply(root, Op.put("guest.x", Val.utf8("1"))), KvsError.INVALID);
    assertFailed(apply(root, Op.unlink("guest.x")), KvsError.INVALID);
  }

  @Test
  void aSymlinkCycleFailsWithSymlinkLoop() {
    BlobRef root = commit(empty, Op.symlink("a", null, "b"), Op.symlink("b", null, "a"))
        .rootref();
    assertFailed(apply(root, Op.put("a.x", Val.utf8("1"))), KvsError.SYMLINK_LOOP);
  }

  @Test
  void aValOfMoreThan72Base64CharsIsStoredAsItsOwnBlob() {
    Bytes inline = Bytes.wrap(new byte[54]); // 72 base64 chars
    Bytes outOfLine = Bytes.wrap(new byte[55]); // 76 base64 chars
    TxnStep.Finished f = commit(empty, Op.put("short", new Val(inline)),
        Op.put("long", new Val(outOfLine)));
    BlobRef longRef = HASH.hash(outOfLine.unsafeArray());
    assertThat(lookup(f.rootref(), "short")).isEqualTo(new Val(inline));
    assertThat(lookup(f.rootref(), "long")).isEqualTo(ValRef.of(longRef));
    assertThat(f.newBlobs()).containsEntry(longRef, outOfLine).hasSize(2);
  }

  @Test
  void aDirDirentWithEntriesIsUnrolledIntoDirrefsAndValrefs() {
    Val big = new Val(Bytes.wrap(new byte[100]));
    Dir sub = new Dir(Map.of("x", big));
    BlobRef root = commit(empty, Op.put("d", new Dir(Map.of("sub", sub, "v", Val.utf8("s")))))
        .rootref();
    assertThat(lookup(root, "d")).isInstanceOf(DirRef.class);
    assertThat(lookup(root, "d.sub")).isInstanceOf(DirRef.class);
    assertThat(lookup(root, "d.sub.x")).isInstanceOf(ValRef.class);
    assertThat(lookup(root, "d.v")).isEqualTo(Val.utf8("s"));
    assertThat(valueBytes(root, "d.sub.x")).isEqualTo(big.data());
  }

  @Test
  void writingIntoADirDirentOfTheSameTransactionKeepsItsOtherEntries() {
    Dir d = new Dir(Map.of("a", Val.utf8("1"), "b", Val.utf8("2")));
    BlobRef root = commit(empty, Op.put("d", d), Op.put("d.c", Val.utf8("3")), Op.unlink("d.a"))
        .rootref();
    assertThat(lookup(root, "d.a")).isNull();
    assertThat(value(root, "d.b")).isEqualTo("2");
    assertThat(value(root, "d.c")).isEqualTo("3");
  }

  @Test
  void untouchedSubtreesAreNotStoredAgain() {
    BlobRef root = commit(empty, Op.put("a.x", Val.utf8("1")), Op.put("b.y", Val.utf8("2")),
        Op.put("c.z.w", Val.utf8("3"))).rootref();
    TreeObj b = lookup(root, "b");
    TreeObj c = lookup(root, "c");
    TxnStep.Finished f = commit(root, Op.put("a.x", Val.utf8("changed")));
    assertThat(f.newBlobs()).hasSize(2).containsKey(f.rootref());
    assertThat(lookup(f.rootref(), "b")).isEqualTo(b);
    assertThat(lookup(f.rootref(), "c")).isEqualTo(c);
  }

  @Test
  void newBlobsListChildrenBeforeParentsAndTheRootLast() {
    TxnStep.Finished f = commit(empty, Op.put("a.b", Val.utf8("1")));
    List<BlobRef> order = List.copyOf(f.newBlobs().keySet());
    assertThat(order).last().isEqualTo(f.rootref());
    assertThat(order.get(0)).isEqualTo(((DirRef) lookup(f.rootref(), "a")).ref());
  }

  @Test
  void anEmptyCommitKeepsTheRootWithoutLoadingIt() {
    TxnStep step = applier.apply(NS, empty, List.of(), hiding(Set.of(empty)));
    assertThat(step).isEqualTo(new TxnStep.Finished(empty, Map.of(), new java.util.TreeSet<>()));
  }

  @Test
  void aMissingDirrefStallsAndTheReplayFinishes() {
    BlobRef root = commit(empty, Op.put("a.x", Val.utf8("1")), Op.put("b.y", Val.utf8("2")))
        .rootref();
    BlobRef a = ((DirRef) lookup(root, "a")).ref();
    BlobRef b = ((DirRef) lookup(root, "b")).ref();
    Set<BlobRef> hidden = new HashSet<>(Set.of(a, b));
    BlobSource partial = hiding(hidden);
    List<Op> ops = List.of(Op.append("a.x", Val.utf8("2")), Op.put("b.z", Val.utf8("3")));

    TxnStep first = applier.apply(NS, root, ops, partial);
    assertThat(first).isEqualTo(new TxnStep.Stalled(Set.of(a, b)));

    hidden.clear();
    TxnStep.Finished done = finished(applier.apply(NS, root, ops, partial));
    done.newBlobs().forEach(store::storeHashed);
    assertThat(value(done.rootref(), "a.x")).isEqualTo("12");
    assertThat(((ValRef) lookup(done.rootref(), "a.x")).refs()).hasSize(2);
    assertThat(value(done.rootref(), "b.z")).isEqualTo("3");
  }

  @Test
  void aMissingRootStalls() {
    TxnStep step = applier.apply(NS, empty, List.of(Op.put("a", Val.utf8("1"))), hiding(
        Set.of(empty)));
    assertThat(step).isEqualTo(new TxnStep.Stalled(Set.of(empty)));
  }

  @Test
  void aDirrefNamingTwoBlobsFailsNotRecoverable() {
    BlobRef root = commit(empty, Op.put("d", new DirRef(List.of(empty, empty)))).rootref();
    assertFailed(apply(root, Op.put("d.x", Val.utf8("1"))), KvsError.NOT_RECOVERABLE);
  }

  @Test
  void aDirrefToSomethingOtherThanADirFails() {
    BlobRef raw = store.store(Bytes.utf8("not json"));
    BlobRef val = store.store(Bytes.wrap(TreeObjCodec.encode(Val.utf8("v"))));
    BlobRef root = commit(empty, Op.put("raw", DirRef.of(raw)), Op.put("val", DirRef.of(val)))
        .rootref();
    assertFailed(apply(root, Op.put("raw.x", Val.utf8("1"))), KvsError.PROTOCOL);
    assertFailed(apply(root, Op.put("val.x", Val.utf8("1"))), KvsError.NOT_RECOVERABLE);
  }

  @Test
  void aBlobOverTheSizeLimitFailsWithFileTooBig() {
    TxnApplier small = new TxnApplier(HASH, 100);
    Val big = new Val(Bytes.wrap(new byte[101]));
    assertFailed(small.apply(NS, empty, List.of(Op.put("v", big)), store), KvsError.FILE_TOO_BIG);
    assertFailed(small.apply(NS, empty, List.of(Op.put("v", Val.utf8("1")), Op.append("v", big)),
        store), KvsError.FILE_TOO_BIG);
    Map<String, TreeObj> many = new java.util.HashMap<>();
    for (int i = 0; i < 10; i++) {
      many.put("k" + i, Val.utf8("v"));
    }
    TxnStep.Failed f = assertFailed(small.apply(NS, empty, List.of(Op.put("d", new Dir(many))),
        store), KvsError.FILE_TOO_BIG);
    assertThat(f.message()).contains("exceeds the limit of 100 bytes");
  }

  @Test
  void aFailingOpFailsTheWholeTransaction() {
    BlobRef root = commit(empty, Op.mkdir("d")).rootref();
    long blobsBefore = store.blobCount();
    TxnStep step = apply(root, Op.put("a", Val.utf8("1")), Op.append("d", Val.utf8("x")),
        Op.put("b", Val.utf8("2")));
    assertFailed(step, KvsError.IS_DIR);
    assertThat(store.blobCount()).isEqualTo(blobsBefore);
  }

  @Test
  void anInvalidOpFailsBeforeAnythingIsApplied() {
    assertFailed(apply(empty, Op.put("a", Val.utf8("1")), Op.put(".", Dir.EMPTY)),
        KvsError.INVALID);
    assertFailed(apply(empty, new Op("a", OpFlags.APPEND, Dir.EMPTY)), KvsError.PROTOCOL);
  }

  @Test
  void keysAreNormalizedSortedAndDistinct() {
    TxnStep.Finished f = commit(empty, Op.put("b..c.", Val.utf8("1")),
        Op.put(".a", Val.utf8("2")), Op.put("b.c", Val.utf8("3")));
    assertThat(f.keys()).containsExactly("a", "b.c");
    assertThat(value(f.rootref(), "b.c")).isEqualTo("3");
  }

  // ---- helpers ----

  private TxnStep apply(BlobRef root, Op... ops) {
    return applier.apply(NS, root, List.of(ops), store);
  }

  /** Applies and stores the result, as the namespace owner would. */
  private TxnStep.Finished commit(BlobRef root, Op... ops) {
    TxnStep.Finished f = finished(apply(root, ops));
    f.newBlobs().forEach(store::storeHashed);
    return f;
  }

  private static TxnStep.Finished finished(TxnStep step) {
    assertThat(step).isInstanceOf(TxnStep.Finished.class);
    return (TxnStep.Finished) step;
  }

  private static TxnStep.Failed assertFailed(TxnStep step, KvsError error) {
    assertThat(step).isInstanceOf(TxnStep.Failed.class);
    TxnStep.Failed f = (TxnStep.Failed) step;
    assertThat(f.error()).as(f.message()).isEqualTo(error);
    assertThat(f.message()).startsWith("kvs: ");
    return f;
  }

  /** The stored tree object at {@code key}, symlinks not followed; null if absent. */
  private TreeObj lookup(BlobRef root, String key) {
    TreeObj cur = DirRef.of(root);
    for (String name : key.split("\\.")) {
      if (!(cur instanceof DirRef r)) {
        return null;
      }
      TreeObj dir = store.object(r.ref());
      assertThat(dir).as("stored dir %s", r.ref()).isInstanceOf(Dir.class);
      for (TreeObj e : ((Dir) dir).entries().values()) {
        assertThat(e).as("stored dirs are unrolled").isNotInstanceOf(Dir.class);
        if (e instanceof Val v) {
          assertThat(v.data().base64Length()).isLessThanOrEqualTo(72);
        }
      }
      cur = ((Dir) dir).get(name);
    }
    return cur;
  }

  private Bytes valueBytes(BlobRef root, String key) {
    TreeObj t = lookup(root, key);
    if (t instanceof Val v) {
      return v.data();
    }
    Bytes out = Bytes.EMPTY;
    for (BlobRef r : ((ValRef) t).refs()) {
      out = out.concat(store.raw(r));
    }
    return out;
  }

  private String value(BlobRef root, String key) {
    return valueBytes(root, key).toUtf8();
  }

  private BlobSource hiding(Set<BlobRef> hidden) {
    return new BlobSource() {
      @Override
      public Bytes raw(BlobRef ref) {
        return hidden.contains(ref) ? null : store.raw(ref);
      }

      @Override
      public TreeObj object(BlobRef ref) {
        return hidden.contains(ref) ? null : store.object(ref);
      }
    };
  }
}
