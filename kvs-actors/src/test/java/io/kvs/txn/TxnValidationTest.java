package io.kvs.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.KvsError;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObj.Dir;
import io.kvs.treeobj.TreeObj.Val;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TxnValidationTest {
  private static final BlobRef REF = HashAlgorithm.SHA256.hash(new byte[0]);

  @Test
  void aWellFormedCommitIsValid() {
    List<Op> ops = List.of(Op.put("a.b", Val.utf8("1")), Op.append("log", Val.utf8("x")),
        Op.unlink("c"), Op.mkdir("d"), Op.symlink("l", "job-1", "."));
    assertThat(TxnValidation.validate("ns", CommitFlags.NO_MERGE | CommitFlags.TXN_COMPACT,
        ops, 10)).isNull();
    assertThat(TxnValidation.validate("ns", 0, List.of(), 10)).isNull();
  }

  @Test
  void anEmptyOrNullKeyIsInvalid() {
    assertError(validate(Op.put("", Val.utf8("1"))), KvsError.INVALID);
    assertError(validate(new Op(null, 0, Val.utf8("1"))), KvsError.INVALID);
  }

  @Test
  void keysNamingTheRootAreInvalid() {
    assertError(validate(Op.put(".", Dir.EMPTY)), KvsError.INVALID);
    assertError(validate(Op.unlink("..")), KvsError.INVALID);
  }

  @Test
  void opFlagsOtherThanAppendAreInvalid() {
    assertError(validate(new Op("a", 1, Val.utf8("1"))), KvsError.INVALID);
    assertError(validate(new Op("a", OpFlags.APPEND | 64, Val.utf8("1"))), KvsError.INVALID);
  }

  @Test
  void appendWithoutAValIsAProtocolError() {
    assertError(validate(new Op("a", OpFlags.APPEND, Dir.EMPTY)), KvsError.PROTOCOL);
    assertError(validate(new Op("a", OpFlags.APPEND, null)), KvsError.PROTOCOL);
    assertError(validate(new Op("a", OpFlags.APPEND, TreeObj.ValRef.of(REF))), KvsError.PROTOCOL);
  }

  @Test
  void unknownCommitFlagsAreInvalid() {
    TxnStep.Failed f = TxnValidation.validate("ns", 8, List.of(), 10);
    assertError(f, KvsError.INVALID);
  }

  @Test
  void moreOpsThanTheMaximumAreTooBig() {
    List<Op> ops = List.of(Op.unlink("a"), Op.unlink("b"), Op.unlink("c"));
    assertThat(TxnValidation.validate("ns", 0, ops, 3)).isNull();
    TxnStep.Failed f = TxnValidation.validate("ns", 0, ops, 2);
    assertThat(f).isEqualTo(new TxnStep.Failed(KvsError.TOO_BIG,
        "kvs: too many ops in transaction: 3 > 2 (kvs.max-txn-ops)"));
  }

  @Test
  void syncIsValidOnlyInThePrimaryNamespace() {
    assertThat(TxnValidation.validate("primary", CommitFlags.SYNC, List.of(), 10)).isNull();
    assertError(TxnValidation.validate("job-1", CommitFlags.SYNC, List.of(), 10),
        KvsError.INVALID);
  }

  @Test
  void guestsMayCommitValsUnlinksAndEmptyDirs() {
    assertThat(TxnValidation.checkGuest(List.of(Op.put("a", Val.utf8("1")), Op.unlink("b"),
        Op.mkdir("c"), Op.append("d", Val.utf8("x"))))).isNull();
  }

  @Test
  void guestsMayNotCommitRefsSymlinksOrNonEmptyDirs() {
    assertGuestRefused(Op.put("a", TreeObj.ValRef.of(REF)), "valref");
    assertGuestRefused(Op.put("a", TreeObj.DirRef.of(REF)), "dirref");
    assertGuestRefused(Op.symlink("a", null, "b"), "symlink");
    assertGuestRefused(Op.put("a", new Dir(Map.of("x", Val.utf8("1")))), "non-empty dir");
  }

  private static void assertGuestRefused(Op op, String what) {
    TxnStep.Failed f = TxnValidation.checkGuest(List.of(Op.unlink("ok"), op));
    assertError(f, KvsError.PERMISSION);
    assertThat(f.message()).startsWith("kvs: guests may not commit a " + what);
  }

  private static TxnStep.Failed validate(Op op) {
    return TxnValidation.validate("ns", 0, List.of(Op.unlink("fine"), op), 10);
  }

  private static void assertError(TxnStep.Failed f, KvsError error) {
    assertThat(f).isNotNull();
    assertThat(f.error()).as(f.message()).isEqualTo(error);
    assertThat(f.message()).startsWith("kvs: ");
    assertThat(f.toException().error()).isEqualTo(error);
  }
}
