package io.kvs.connector;

import static io.kvs.connector.WireClient.get;
import static io.kvs.connector.WireClient.put;
import static io.kvs.connector.WireClient.text;
import static io.kvs.connector.WireClient.val;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Through a real socket on the root rank: {@code kvs.setroot-pause}/{@code -unpause},
 * {@code kvs.config-reload}, and the wait-versions of a client that disconnects.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectorAdminTest {
  static ConnectorFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new ConnectorFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  private static String created(WireClient c) throws Exception {
    String ns = ConnectorFixture.uniqueName("admin");
    c.ok("kvs.namespace-create", "{\"namespace\":\"" + ns + "\",\"owner\":-1,\"flags\":0}");
    return ns;
  }

  private static String ns(String ns) {
    return "{\"namespace\":\"" + ns + "\"}";
  }

  private static int versionWaiters(WireClient c, String ns) throws Exception {
    JsonNode s = c.ok("kvs.stats-get", ns(ns));
    return s.path("namespace").path(ns).path("#versionwaiters").asInt(-1);
  }

  @Test
  void aPauseOnTheRootRankHoldsItsCommitRepliesWhileTheRootMovesOn() throws Exception {
    try (WireClient a = f.client(); WireClient b = f.client()) {
      String ns = created(a);
      b.ok("kvs.setroot-pause", ns(ns));
      long commit = a.send("kvs.commit", put(ns, "k", "held"));
      JsonNode root = b.ok("kvs.wait-version", "{\"namespace\":\"" + ns + "\",\"rootseq\":1}");
      assertThat(root.path("rootseq").asLong()).isEqualTo(1);
      assertThat(text(b.ok("kvs.lookup", get(ns, "k")).path("val"))).isEqualTo("held");
      long ping = a.send("kvs.ping", "{}");
      assertThat(a.read().path("matchtag").asLong()).as("the commit is still held")
          .isEqualTo(ping);
      b.ok("kvs.setroot-unpause", ns(ns));
      ObjectNode reply = a.read();
      assertThat(reply.path("matchtag").asLong()).isEqualTo(commit);
      assertThat(reply.path("payload").path("rootseq").asLong()).isEqualTo(1);
      assertThat(a.ok("kvs.commit", put(ns, "k", "free")).path("rootseq").asLong()).isEqualTo(2);
    }
  }

  @Test
  void pauseRequestsAreCheckedLikeAnyOther() throws Exception {
    try (WireClient c = f.client()) {
      String ns = created(c);
      for (String topic : List.of("kvs.setroot-pause", "kvs.setroot-unpause")) {
        assertThat(c.rpc(topic, "{}").path("errnum").asInt()).as(topic + " {}").isEqualTo(71);
        assertThat(c.rpc(topic, "{\"namespace\":7}").path("errnum").asInt()).isEqualTo(71);
        assertThat(c.rpc(topic, ns("admin-no-such-namespace")).path("errnum").asInt())
            .isEqualTo(95);
        c.sendLine("{\"topic\":\"" + topic + "\",\"matchtag\":9,\"userid\":4242,\"payload\":"
            + ns(ns) + "}");
        ObjectNode r = c.read();
        assertThat(r.path("errnum").asInt()).as(topic + " by another user").isEqualTo(1);
        assertThat(r.path("errstr").asText()).contains("owned by uid");
      }
      c.ok("kvs.setroot-unpause", ns(ns)); // unpausing what is not paused is fine
    }
  }

  @Test
  void aClientThatGoesLeavesNoVersionWaiterBehind() throws Exception {
    try (WireClient c = f.client()) {
      String ns = created(c);
      try (WireClient gone = f.client()) {
        for (long seq = 100; seq < 103; seq++) {
          gone.send("kvs.wait-version", "{\"namespace\":\"" + ns + "\",\"rootseq\":" + seq + "}");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (versionWaiters(c, ns) < 3 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(versionWaiters(c, ns)).isEqualTo(3);
      }
      // The ask timeout is 10 s: well before it, the disconnect alone has dropped them.
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (versionWaiters(c, ns) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(versionWaiters(c, ns)).isZero();
      JsonNode committed = c.ok("kvs.commit", put(ns, "k", "v"));
      assertThat(committed.path("rootseq").asLong()).isEqualTo(1);
    }
  }

  private static String commitOf(String ns, int ops) {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < ops; i++) {
      list.add("{\"key\":\"k" + i + "\",\"flags\":0,\"dirent\":" + val("v") + "}");
    }
    return "{\"namespace\":\"" + ns + "\",\"flags\":0,\"ops\":[" + String.join(",", list) + "]}";
  }

  private static List<String> changed(JsonNode payload) {
    List<String> out = new ArrayList<>();
    payload.path("changed").forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void configReloadAppliesWhatMayChangeAndRefusesTheRest() throws Exception {
    Config original = f.configSource.get();
    try (WireClient c = f.client()) {
      String ns = created(c);
      assertThat(changed(c.ok("kvs.config-reload", "{}"))).isEmpty();

      f.configSource.set(ConfigFactory.parseString("kvs.max-txn-ops = 2").withFallback(original));
      assertThat(changed(c.ok("kvs.config-reload", "{}"))).containsExactly("kvs.max-txn-ops");
      assertThat(c.rpc("kvs.commit", commitOf(ns, 3)).path("errnum").asInt()).isEqualTo(7);
      c.ok("kvs.commit", commitOf(ns, 2));

      f.configSource.set(ConfigFactory.parseString("kvs.size = 4\nkvs.max-txn-ops = 5")
          .withFallback(original));
      ObjectNode refused = c.rpc("kvs.config-reload", "{}");
      assertThat(refused.path("errnum").asInt()).isEqualTo(22);
      assertThat(refused.path("errstr").asText()).contains("kvs.size")
          .contains("cannot change while the rank runs");
      assertThat(c.rpc("kvs.commit", commitOf(ns, 3)).path("errnum").asInt())
          .as("nothing of a refused reload applies").isEqualTo(7);

      f.configSource.set(ConfigFactory.parseString("kvs.max-txn-ops = 0")
          .withFallback(original));
      ObjectNode invalid = c.rpc("kvs.config-reload", "{}");
      assertThat(invalid.path("errnum").asInt()).isEqualTo(22);
      assertThat(invalid.path("errstr").asText()).contains("max-txn-ops");

      c.sendLine("{\"topic\":\"kvs.config-reload\",\"matchtag\":9,\"userid\":4242,"
          + "\"payload\":{}}");
      assertThat(c.read().path("errnum").asInt()).as("a user may not reload").isEqualTo(1);

      f.configSource.set(original);
      assertThat(changed(c.ok("kvs.config-reload", "{}"))).containsExactly("kvs.max-txn-ops");
      c.ok("kvs.commit", commitOf(ns, 3));
    } finally {
      f.configSource.set(original);
    }
  }

  @Test
  void theJavaClientPausesUnpausesAndReloads() throws Exception {
    java.util.concurrent.TimeUnit sec = java.util.concurrent.TimeUnit.SECONDS;
    try (io.kvs.client.KvsClient c = io.kvs.client.KvsClient.connect(
        io.kvs.client.KvsUri.parse("local://" + f.socket()))) {
      String ns = ConnectorFixture.uniqueName("admin");
      c.namespaceCreate(ns).get(10, sec);
      c.setrootPause(ns).get(10, sec);
      java.util.concurrent.CompletableFuture<io.kvs.client.CommitResult> held =
          c.put(ns, "k", "v");
      assertThat(c.waitVersion(ns, 1).get(10, sec).rootseq()).isEqualTo(1);
      assertThat(held).isNotDone();
      c.setrootUnpause(ns).get(10, sec);
      assertThat(held.get(10, sec).rootseq()).isEqualTo(1);
      assertThat(c.configReload().get(10, sec)).isEmpty();
      assertThat(c.setrootPause("admin-no-such-namespace"))
          .failsWithin(java.time.Duration.ofSeconds(10))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withMessageContaining("admin-no-such-namespace");
    }
  }
}
