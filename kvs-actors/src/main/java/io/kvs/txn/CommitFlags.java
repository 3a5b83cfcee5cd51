package io.kvs.txn;

/** Per-transaction commit flags (KVS-SPEC §4.1, §4.3). */
public final class CommitFlags {
  /** Never merge this transaction with its neighbours. */
  public static final int NO_MERGE = 1;
  /** Client-side compaction of the op list; carried but ignored by the service. */
  public static final int TXN_COMPACT = 2;
  /** Checkpoint after the commit; implies NO_MERGE; valid only in namespace "primary". */
  public static final int SYNC = 4;
  /** Every known commit flag. */
  public static final int ALL = NO_MERGE | TXN_COMPACT | SYNC;

  private CommitFlags() {}
}
