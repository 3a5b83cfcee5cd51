package io.kvs.follower;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.HashAlgorithm;
import org.junit.jupiter.api.Test;

class PausedRootTest {
  private static final BlobRef A = HashAlgorithm.SHA256.hash(new byte[] {1});
  private static final BlobRef B = HashAlgorithm.SHA256.hash(new byte[] {2});

  @Test
  void theNewestRootIsHeldAndGivenBackOnceOnUnpause() {
    PausedRoot p = new PausedRoot();
    assertThat(p.paused()).isFalse();
    p.pause();
    p.hold(1, 5, A);
    p.hold(1, 4, B);
    assertThat(p.paused()).isTrue();
    assertThat(p.unpause()).isEqualTo(new PausedRoot.Root(1, 5, A));
    assertThat(p.paused()).isFalse();
    assertThat(p.unpause()).isNull();
    p.pause();
    p.hold(1, 9, A);
    p.hold(2, 0, B);
    assertThat(p.unpause()).as("a new epoch wins").isEqualTo(new PausedRoot.Root(2, 0, B));
  }
}
