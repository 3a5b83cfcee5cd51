package io.kvs.rank;

import static io.kvs.rank.RankFixture.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.content.ContentCollector;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The root rank's namespace actors keep {@code LiveRoots} current for the content collector. */
class ContentGcRankTest {
  private static RankFixture f;

  @BeforeAll
  static void start() {
    f = new RankFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static String big(String tag) {
    return tag + "-" + "x".repeat(2000);
  }

  @Test
  void replacedRootsAndRemovedNamespacesAreCollectedAfterTheGraceAndCurrentDataStays() {
    String kept = RankFixture.uniqueName("gc-kept");
    String gone = RankFixture.uniqueName("gc-gone");
    assertThat(f.create(kept, 7).isSuccess()).isTrue();
    assertThat(f.create(gone, 7).isSuccess()).isTrue();
    for (int i = 0; i < 5; i++) {
      assertThat(f.commit(kept, OWNER, 0, Op.put("d.k", TreeObj.Val.utf8(big("v" + i))))
          .isSuccess()).isTrue();
      assertThat(f.commit(gone, OWNER, 0, Op.put("d.k", TreeObj.Val.utf8(big("w" + i))))
          .isSuccess()).isTrue();
    }
    assertThat(f.remove(gone).isSuccess()).isTrue();
    ContentCollector collector = new ContentCollector(f.store, f.liveRoots);
    long before = f.store.blobCount();
    assertThat(collector.collect().freedBlobs()).as("within the grace").isZero();
    f.clock.addAndGet(1_000_000_001L);
    ContentCollector.Cycle c = collector.collect();
    assertThat(c.freedBlobs()).isPositive();
    assertThat(f.store.blobCount()).isEqualTo(before - c.freedBlobs());
    assertThat(f.getString(kept, "d.k")).isEqualTo(big("v4"));
    assertThat(f.commit(kept, OWNER, 0, Op.put("d.k2", TreeObj.Val.utf8("after"))).isSuccess())
        .isTrue();
    assertThat(f.getString(kept, "d.k")).isEqualTo(big("v4"));
    assertThat(f.lookup("primary", OWNER, ".", io.kvs.lookup.LookupFlags.READDIR).isSuccess())
        .isTrue();
  }
}
