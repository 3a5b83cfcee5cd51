package io.kvs.watch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WatchClientsTest {
  /** A watch with its id, compared by identity as the service's watchers are. */
  private static final class W {
    private final String name;
    private final long id;

    W(String name, long id) {
      this.name = name;
      this.id = id;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final WatchClients<String, W> clients = new WatchClients<>(w -> w.id);
  private final W a = new W("a", 1);
  private final W b = new W("b", 2);
  private final W c = new W("c", 3);
  private final W a2 = new W("a2", 1);
  private final W b2 = new W("b2", 2);

  @Test
  void aClientWithOneWatchFindsItById() {
    assertThat(clients.has("alice")).isFalse();
    assertThat(clients.add("alice", a)).isTrue();
    assertThat(clients.has("alice")).isTrue();
    assertThat(clients.get("alice", 1)).isSameAs(a);
    assertThat(clients.get("alice", 2)).isNull();
    assertThat(clients.get("bob", 1)).isNull();
  }

  @Test
  void aClientWithSeveralWatchesFindsEachById() {
    clients.add("alice", a);
    clients.add("alice", b);
    clients.add("alice", c);
    assertThat(clients.get("alice", 1)).isSameAs(a);
    assertThat(clients.get("alice", 2)).isSameAs(b);
    assertThat(clients.get("alice", 3)).isSameAs(c);
    assertThat(clients.get("alice", 4)).isNull();
  }

  @Test
  void anIdInUseByALiveWatchOfTheClientIsRefused() {
    clients.add("alice", a);
    assertThat(clients.add("alice", a2)).isFalse();
    assertThat(clients.get("alice", 1)).isSameAs(a);
    clients.add("alice", b);
    assertThat(clients.add("alice", b2)).isFalse();
    assertThat(clients.get("alice", 2)).isSameAs(b);
    assertThat(clients.size()).isEqualTo(2);
  }

  @Test
  void differentClientsMayUseTheSameId() {
    assertThat(clients.add("alice", a)).isTrue();
    assertThat(clients.add("bob", a2)).isTrue();
    assertThat(clients.get("alice", 1)).isSameAs(a);
    assertThat(clients.get("bob", 1)).isSameAs(a2);
  }

  @Test
  void removeTakesOnlyTheWatchRegistered() {
    clients.add("alice", a);
    assertThat(clients.remove("alice", a2)).isFalse(); // same id, another watch
    assertThat(clients.remove("alice", b)).isFalse();
    assertThat(clients.remove("bob", a)).isFalse();
    assertThat(clients.get("alice", 1)).isSameAs(a);
    clients.add("alice", b);
    assertThat(clients.remove("alice", b2)).isFalse();
    assertThat(clients.remove("alice", c)).isFalse();
    assertThat(clients.get("alice", 2)).isSameAs(b);
    assertThat(clients.size()).isEqualTo(2);
  }

  @Test
  void removeSaysWhetherItWasTheClientsLastWatch() {
    clients.add("alice", a);
    clients.add("alice", b);
    clients.add("alice", c);
    assertThat(clients.remove("alice", b)).isFalse();
    assertThat(clients.remove("alice", a)).isFalse();
    assertThat(clients.get("alice", 3)).isSameAs(c);
    assertThat(clients.remove("alice", c)).isTrue();
    assertThat(clients.has("alice")).isFalse();
    assertThat(clients.size()).isZero();
  }

  @Test
  void aRemovedWatchsIdMayBeUsedAgain() {
    clients.add("alice", a);
    clients.remove("alice", a);
    assertThat(clients.add("alice", a2)).isTrue();
    assertThat(clients.get("alice", 1)).isSameAs(a2);
  }

  @Test
  void removeAllReturnsEveryWatchOfTheClientAndForgetsIt() {
    clients.add("alice", a);
    clients.add("alice", b);
    clients.add("bob", c);
    assertThat(clients.removeAll("alice")).containsExactlyInAnyOrder(a, b);
    assertThat(clients.has("alice")).isFalse();
    assertThat(clients.get("alice", 1)).isNull();
    assertThat(clients.removeAll("bob")).containsExactly(c);
    assertThat(clients.removeAll("carol")).isEmpty();
    assertThat(clients.size()).isZero();
  }

  @Test
  void sizeCountsTheWatchesOfAllClients() {
    clients.add("alice", a);
    clients.add("alice", b);
    clients.add("bob", c);
    clients.add("bob", c);
    assertThat(clients.size()).isEqualTo(3);
    clients.remove("alice", a);
    assertThat(clients.size()).isEqualTo(2);
    clients.removeAll("bob");
    assertThat(clients.size()).isEqualTo(1);
  }
}
