package io.kvs.txn;

import java.util.List;

/**
 * A queued transaction awaiting apply: the caller's {@code tag} (e.g. the transaction name and
 * its reply address), its commit flags and its ops (copied, non-null).
 */
public record PendingTxn<T>(T tag, int flags, List<Op> ops) {
  public PendingTxn {
    ops = List.copyOf(ops);
  }
}
