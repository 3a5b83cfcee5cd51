package io.kvs.txn;

/** Per-op flags (KVS-SPEC §4.1). Only {@code 0} and {@link #APPEND} are valid. */
public final class OpFlags {
  /** Append the op's {@code val} to the existing value instead of replacing it. */
  public static final int APPEND = 32;

  private OpFlags() {}
}
