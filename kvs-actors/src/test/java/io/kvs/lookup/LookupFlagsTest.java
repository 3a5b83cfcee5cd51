package io.kvs.lookup;

import static io.kvs.lookup.LookupFlags.READDIR;
import static io.kvs.lookup.LookupFlags.READLINK;
import static io.kvs.lookup.LookupFlags.TREEOBJ;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LookupFlagsTest {
  @Test
  void flagValuesMatchTheWireProtocol() {
    assertThat(new int[] {READDIR, READLINK, LookupFlags.WATCH, LookupFlags.WAITCREATE, TREEOBJ,
        LookupFlags.WATCH_FULL, LookupFlags.WATCH_UNIQ, LookupFlags.WATCH_APPEND,
        LookupFlags.STREAM, LookupFlags.WATCH_INITIAL_SENTINEL})
        .containsExactly(1, 2, 4, 8, 16, 64, 128, 256, 512, 1024);
  }

  @Test
  void theFiveNonWatchCombinationsAreAccepted() {
    assertThat(LookupFlags.validateForLookup(0)).isNull();
    assertThat(LookupFlags.validateForLookup(TREEOBJ)).isNull();
    assertThat(LookupFlags.validateForLookup(READDIR)).isNull();
    assertThat(LookupFlags.validateForLookup(READDIR | TREEOBJ)).isNull();
    assertThat(LookupFlags.validateForLookup(READLINK)).isNull();
  }

  @Test
  void readlinkCombinedWithAnotherFlagIsRejected() {
    assertThat(LookupFlags.validateForLookup(READLINK | READDIR)).contains("0x3");
    assertThat(LookupFlags.validateForLookup(READLINK | TREEOBJ)).contains("0x12");
  }

  @Test
  void watchAndUnknownBitsAreRejected() {
    assertThat(LookupFlags.validateForLookup(LookupFlags.WATCH)).startsWith("kvs: invalid");
    assertThat(LookupFlags.validateForLookup(LookupFlags.STREAM | READDIR)).isNotNull();
    assertThat(LookupFlags.validateForLookup(32)).isNotNull();
    assertThat(LookupFlags.validateForLookup(-1)).isNotNull();
  }
}
