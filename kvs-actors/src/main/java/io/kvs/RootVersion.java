package io.kvs;

/**
 * The root update rule across root-rank incarnations: a root is newer if it comes from a later
 * incarnation (epoch) of the root rank, or from the same one with a greater seq. A restarted
 * root rank starts again at low seqs; its later epoch makes its roots win over cached ones.
 */
public final class RootVersion {
  private RootVersion() {}

  public static boolean isNewer(long epoch, long seq, long currentEpoch, long currentSeq) {
    return epoch > currentEpoch || (epoch == currentEpoch && seq > currentSeq);
  }
}
