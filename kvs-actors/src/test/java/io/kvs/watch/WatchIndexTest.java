package io.kvs.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchIndexTest {
  private final WatchIndex<String> index = new WatchIndex<>();

  /** Routes a setroot and returns who got it, as "watcher" or "watcher gap". */
  private List<String> route(String ns, long epoch, long seq, String... keys) {
    List<String> got = new ArrayList<>();
    index.routeSetroot(ns, epoch, seq, List.of(keys), (w, gap) -> got.add(gap ? w + " gap" : w));
    return got;
  }

  @Test
  void addSaysWhetherTheWatcherIsItsNamespacesFirst() {
    assertThat(index.add("ns", "a", false, "w1")).isTrue();
    assertThat(index.add("ns", "a", false, "w2")).isFalse();
    assertThat(index.add("ns", "b", true, "w3")).isFalse();
    assertThat(index.add("other", "a", true, "w4")).isTrue();
    assertThat(index.namespaceCount()).isEqualTo(2);
  }

  @Test
  void removeSaysWhetherTheWatcherWasItsNamespacesLast() {
    index.add("ns", "a", false, "w1");
    index.add("ns", "a", false, "w2");
    index.add("ns", "b", true, "w3");
    assertThat(index.remove("ns", "a", false, "w1")).isFalse();
    assertThat(index.remove("ns", "b", true, "w3")).isFalse();
    assertThat(index.remove("ns", "a", false, "w2")).isTrue();
    assertThat(index.namespaceCount()).isZero();
  }

  @Test
  void removingAWatcherThatIsNotThereChangesNothing() {
    index.add("ns", "a", false, "w1");
    assertThat(index.remove("ns", "b", false, "w1")).isFalse();
    assertThat(index.remove("ns", "a", true, "w1")).isFalse();
    assertThat(index.remove("ns", "a", false, "w2")).isFalse();
    assertThat(index.remove("unknown", "a", false, "w1")).isFalse();
    assertThat(route("ns", 1, 1, "a")).containsExactly("w1");
    assertThat(index.remove("ns", "a", false, "w1")).isTrue();
  }

  @Test
  void aSetrootReachesOnlyTheWatchersOfTheKeysItNames() {
    index.add("ns", "a", false, "a1");
    index.add("ns", "b", false, "b1");
    index.add("ns", "b", false, "b2");
    index.add("ns", "c", false, "c1");
    index.add("other", "a", false, "elsewhere");
    assertThat(route("ns", 1, 1, "a")).containsExactly("a1");
    assertThat(route("ns", 1, 2, "b", "x")).containsExactlyInAnyOrder("b1", "b2");
    assertThat(route("ns", 1, 3, "a", "c")).containsExactlyInAnyOrder("a1", "c1");
    assertThat(route("ns", 1, 4, "x")).isEmpty();
  }

  @Test
  void aKeyLeftWithOneOfItsWatchersStillReachesIt() {
    index.add("ns", "a", false, "w1");
    index.add("ns", "a", false, "w2");
    index.add("ns", "a", false, "w3");
    index.remove("ns", "a", false, "w2");
    assertThat(route("ns", 1, 1, "a")).containsExactlyInAnyOrder("w1", "w3");
    index.remove("ns", "a", false, "w1");
    assertThat(route("ns", 1, 2, "a")).containsExactly("w3");
  }

  @Test
  void fullWatchersGetEverySetrootOfTheirNamespace() {
    index.add("ns", "a", true, "full");
    index.add("ns", "a", false, "keyed");
    assertThat(route("ns", 1, 1, "b")).containsExactly("full");
    assertThat(route("ns", 1, 2)).containsExactly("full");
    assertThat(route("ns", 1, 3, "a")).containsExactlyInAnyOrder("full", "keyed");
  }

  @Test
  void aJumpInSeqReachesEveryWatcherAsAGap() {
    index.add("ns", "a", false, "a1");
    index.add("ns", "b", false, "b1");
    index.add("ns", "c", true, "full");
    assertThat(route("ns", 1, 1, "a")).containsExactlyInAnyOrder("a1", "full");
    assertThat(route("ns", 1, 3, "a"))
        .containsExactlyInAnyOrder("a1 gap", "b1 gap", "full gap");
    assertThat(route("ns", 1, 4, "b")).containsExactlyInAnyOrder("b1", "full");
  }

  @Test
  void aNewEpochReachesEveryWatcherAsAGapWhateverItsSeq() {
    index.add("ns", "a", false, "a1");
    index.add("ns", "b", false, "b1");
    route("ns", 1, 5, "a");
    assertThat(route("ns", 2, 1, "a")).containsExactlyInAnyOrder("a1 gap", "b1 gap");
    assertThat(route("ns", 2, 2, "a")).containsExactly("a1");
  }

  @Test
  void aLateSetrootOfAnEarlierEpochIsIgnoredAndDoesNotResetTheSeq() {
    index.add("ns", "a", false, "a1");
    route("ns", 2, 3, "a");
    assertThat(route("ns", 1, 9, "a")).isEmpty();
    assertThat(route("ns", 2, 4, "a")).containsExactly("a1");
  }

  @Test
  void aSetrootWhoseKeysAreUnknownReachesEveryWatcherAsAGap() {
    index.add("ns", "a", false, "a1");
    index.add("ns", "b", false, "b1");
    index.add("ns", "c", true, "full");
    route("ns", 1, 1, "a");
    List<String> got = new ArrayList<>();
    index.routeSetroot("ns", 1, 2, List.of(), true, (w, gap) -> got.add(gap ? w + " gap" : w));
    assertThat(got).containsExactlyInAnyOrder("a1 gap", "b1 gap", "full gap");
    assertThat(route("ns", 1, 3, "b")).containsExactlyInAnyOrder("b1", "full");
  }

  @Test
  void theFirstSetrootSeenIsNotAGap() {
    index.add("ns", "a", false, "a1");
    index.add("ns", "b", false, "b1");
    assertThat(route("ns", 3, 40, "a")).containsExactly("a1");
  }

  @Test
  void aStaleOrDuplicateSeqIsIgnored() {
    index.add("ns", "a", false, "a1");
    index.add("ns", "b", true, "full");
    route("ns", 1, 5, "a");
    assertThat(route("ns", 1, 5, "a")).isEmpty();
    assertThat(route("ns", 1, 4, "a")).isEmpty();
    assertThat(route("ns", 1, 6, "a")).containsExactlyInAnyOrder("a1", "full");
  }

  @Test
  void eachNamespaceKeepsItsOwnSeq() {
    index.add("one", "a", false, "w1");
    index.add("two", "a", false, "w2");
    route("one", 1, 10, "a");
    assertThat(route("two", 1, 1, "a")).containsExactly("w2");
    assertThat(route("one", 1, 11, "a")).containsExactly("w1");
    assertThat(route("two", 1, 2, "a")).containsExactly("w2");
  }

  @Test
  void aSetrootOfANamespaceWithoutWatchersReachesNobody() {
    index.add("ns", "a", false, "w1");
    assertThat(route("other", 1, 1, "a")).isEmpty();
  }

  @Test
  void forAllVisitsEveryWatcherOfTheNamespaceOnly() {
    index.add("ns", "a", false, "a1");
    index.add("ns", "a", false, "a2");
    index.add("ns", "b", false, "b1");
    index.add("ns", "c", true, "full");
    index.add("other", "a", false, "elsewhere");
    List<String> seen = new ArrayList<>();
    index.forAll("ns", seen::add);
    assertThat(seen).containsExactlyInAnyOrder("a1", "a2", "b1", "full");
    seen.clear();
    index.forAll("unknown", seen::add);
    assertThat(seen).isEmpty();
  }

  @Test
  void aCallbackMayRemoveItselfAndOtherWatchersOfTheNamespaceWhileRouting() {
    index.add("ns", "a", false, "a1");
    index.add("ns", "a", false, "a2");
    index.add("ns", "a", false, "a3");
    index.add("ns", "b", true, "full");
    List<String> got = new ArrayList<>();
    index.routeSetroot("ns", 1, 1, List.of("a"), (w, gap) -> {
      got.add(w);
      index.remove("ns", "a", false, "a1");
      index.remove("ns", "a", false, "a2");
      index.remove("ns", "a", false, "a3");
      index.remove("ns", "b", true, "full");
    });
    assertThat(got).containsExactlyInAnyOrder("a1", "a2", "a3", "full");
    assertThat(index.namespaceCount()).isZero();
  }

  @Test
  void aCallbackMayRemoveWatchersWhileAGapReachesThemAll() {
    index.add("ns", "a", false, "a1");
    index.add("ns", "b", false, "b1");
    index.add("ns", "b", false, "b2");
    route("ns", 1, 1, "a");
    List<String> got = new ArrayList<>();
    index.routeSetroot("ns", 1, 9, List.of("a"), (w, gap) -> {
      got.add(w);
      index.remove("ns", w.substring(0, 1), false, w);
    });
    assertThat(got).containsExactlyInAnyOrder("a1", "b1", "b2");
    assertThat(index.namespaceCount()).isZero();
  }

  @Test
  void aCallbackMayRemoveWatchersDuringForAll() {
    index.add("ns", "a", false, "a1");
    index.add("ns", "a", false, "a2");
    index.add("ns", "b", true, "full");
    List<String> seen = new ArrayList<>();
    index.forAll("ns", w -> {
      seen.add(w);
      index.remove("ns", "a", w.equals("full"), w);
    });
    assertThat(seen).containsExactlyInAnyOrder("a1", "a2", "full");
    assertThat(index.namespaceCount()).isZero();
  }
}
