package io.kvs.txn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TxnKeysTest {
  @Test
  void normalizationCollapsesDotRunsAndDropsOneLeadingAndTrailingDot() {
    assertThat(TxnKeys.normalize("a..b.")).isEqualTo("a.b");
    assertThat(TxnKeys.normalize(".a...b")).isEqualTo("a.b");
    assertThat(TxnKeys.normalize("a.b")).isEqualTo("a.b");
    assertThat(TxnKeys.normalize(".")).isEqualTo(".");
    assertThat(TxnKeys.normalize("...")).isEqualTo(".");
    assertThat(TxnKeys.normalize("")).isEqualTo("");
  }

  @Test
  void componentsSplitANormalizedKeyAndTheRootHasNone() {
    assertThat(TxnKeys.components("a.b.c")).containsExactly("a", "b", "c");
    assertThat(TxnKeys.components("a")).containsExactly("a");
    assertThat(TxnKeys.components(".")).isEmpty();
  }
}
