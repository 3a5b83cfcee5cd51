package io.kvs.connector;

import static io.kvs.connector.WireClient.get;
import static io.kvs.connector.WireClient.put;
import static io.kvs.connector.WireClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectorProtocolTest {
  static ConnectorFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new ConnectorFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @Test
  void commitThenLookupRoundTripsAValueThroughTheSocket() throws Exception {
    try (WireClient c = f.client()) {
      JsonNode committed = c.ok("kvs.commit", put("primary", "rt.a", "hello"));
      assertThat(committed.path("rootref").asText()).startsWith("sha256-");
      assertThat(committed.path("rootseq").asLong()).isPositive();
      JsonNode found = c.ok("kvs.lookup", get("primary", "rt.a"));
      assertThat(found.path("val").path("type").asText()).isEqualTo("val");
      assertThat(text(found.path("val"))).isEqualTo("hello");
    }
  }

  @Test
  void lookupOfAMissingKeyAnswersEnoentWithTheSameMatchtag() throws Exception {
    try (WireClient c = f.client()) {
      long tag = c.send("kvs.lookup", get("primary", "no.such.key"));
      ObjectNode r = c.read();
      assertThat(r.path("matchtag").asLong()).isEqualTo(tag);
      assertThat(r.path("errnum").asInt()).isEqualTo(2);
      assertThat(r.has("errstr")).isTrue();
    }
  }

  @Test
  void getrootAnswersOwnerSeqRefFlagsAndNamespace() throws Exception {
    try (WireClient c = f.client()) {
      JsonNode root = c.ok("kvs.getroot", "{\"namespace\":\"primary\"}");
      assertThat(root.path("namespace").asText()).isEqualTo("primary");
      assertThat(root.path("owner").asLong()).isEqualTo(f.settings.instanceOwner());
      assertThat(root.path("rootref").asText()).startsWith("sha256-");
      assertThat(root.has("rootseq")).isTrue();
      assertThat(root.path("flags").asInt()).isZero();
    }
  }

  @Test
  void waitVersionAnswersOnceTheSeqIsReached() throws Exception {
    try (WireClient c = f.client(); WireClient writer = f.client()) {
      String ns = ConnectorFixture.uniqueName("wait");
      c.ok("kvs.namespace-create", "{\"namespace\":\"" + ns + "\",\"owner\":-1,\"flags\":0}");
      long tag = c.send("kvs.wait-version", "{\"namespace\":\"" + ns + "\",\"rootseq\":1}");
      JsonNode committed = writer.ok("kvs.commit", put(ns, "k", "v"));
      ObjectNode r = c.read();
      assertThat(r.path("matchtag").asLong()).isEqualTo(tag);
      assertThat(r.path("payload").path("rootseq").asLong()).isEqualTo(1);
      assertThat(r.path("payload").path("rootref").asText())
          .isEqualTo(committed.path("rootref").asText());
    }
  }

  @Test
  void namespacesAreCreatedListedAndRemoved() throws Exception {
    try (WireClient c = f.client()) {
      String ns = ConnectorFixture.uniqueName("life");
      assertThat(c.ok("kvs.namespace-create",
          "{\"namespace\":\"" + ns + "\",\"owner\":4294967295,\"flags\":0}").size()).isZero();
      JsonNode list = c.ok("kvs.namespace-list", "{}").path("namespaces");
      List<String> names = new ArrayList<>();
      list.forEach(n -> names.add(n.path("namespace").asText()));
      assertThat(names).contains("primary", ns);
      assertThat(c.rpc("kvs.namespace-create",
          "{\"namespace\":\"" + ns + "\",\"owner\":-1,\"flags\":0}").path("errnum").asInt())
          .isEqualTo(17);
      c.ok("kvs.namespace-remove", "{\"namespace\":\"" + ns + "\"}");
      assertThat(c.rpc("kvs.getroot", "{\"namespace\":\"" + ns + "\"}").path("errnum").asInt())
          .isEqualTo(95);
    }
  }

  @Test
  void statsGetRendersCacheNamespacesAndOpcount() throws Exception {
    try (WireClient c = f.client()) {
      JsonNode stats = c.ok("kvs.stats-get", "{}");
      assertThat(stats.path("cache").has("obj size total (MiB)")).isTrue();
      assertThat(stats.path("namespace").has("primary")).isTrue();
      assertThat(stats.path("namespace").path("primary").has("#versionwaiters")).isTrue();
      assertThat(stats.path("transaction-opcount").path("commit").has("count")).isTrue();
      assertThat(stats.has("pending_requests")).isTrue();
    }
  }

  @Test
  void pingEchoesItsPayload() throws Exception {
    try (WireClient c = f.client()) {
      JsonNode p = c.ok("kvs.ping", "{\"seq\":42,\"pad\":[1,\"x\",{\"y\":null}]}");
      assertThat(p.toString()).isEqualTo("{\"seq\":42,\"pad\":[1,\"x\",{\"y\":null}]}");
    }
  }

  @Test
  void aRequestWithMatchtagZeroGetsNoResponseButIsExecuted() throws Exception {
    try (WireClient c = f.client()) {
      c.sendLine("{\"topic\":\"kvs.commit\",\"matchtag\":0,\"payload\":"
          + put("primary", "silent.k", "quiet") + "}");
      c.sendLine("{\"topic\":\"kvs.lookup\",\"matchtag\":0,\"payload\":"
          + get("primary", "no.such") + "}");
      c.sendLine("{\"topic\":\"kvs.bogus\",\"matchtag\":0,\"payload\":{}}");
      ObjectNode next = null;
      for (int i = 0; i < 50 && next == null; i++) {
        ObjectNode r = c.rpc("kvs.lookup", get("primary", "silent.k"));
        if (!r.has("errnum")) {
          next = r;
        }
      }
      assertThat(next).isNotNull();
      assertThat(text(next.path("payload").path("val"))).isEqualTo("quiet");
    }
  }

  @Test
  void thousandPipelinedRequestsAllGetTheirOwnResponse() throws Exception {
    try (WireClient c = f.client()) {
      c.ok("kvs.commit", put("primary", "pipe.k", "v"));
      StringBuilder batch = new StringBuilder();
      for (int i = 1; i <= 1000; i++) {
        batch.append("{\"topic\":\"kvs.lookup\",\"matchtag\":").append(10_000 + i)
            .append(",\"payload\":").append(get("primary", "pipe.k")).append("}\n");
      }
      c.sendRaw(batch.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Set<Long> tags = new HashSet<>();
      for (int i = 0; i < 1000; i++) {
        ObjectNode r = c.read();
        assertThat(r.has("errnum")).as(r.toString()).isFalse();
        tags.add(r.path("matchtag").asLong());
      }
      assertThat(tags).hasSize(1000).allMatch(t -> t > 10_000 && t <= 11_000);
    }
  }

  @Test
  void concurrentClientsEachSeeTheirOwnWrites() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          int ok = 0;
          try (WireClient c = f.client()) {
            for (int i = 0; i < 50; i++) {
              c.ok("kvs.commit", put("primary", "conc.c" + id + ".k" + i, id + ":" + i));
              if (text(c.ok("kvs.lookup", get("primary", "conc.c" + id + ".k" + i))
                  .path("val")).equals(id + ":" + i)) {
                ok++;
              }
            }
          }
          return ok;
        }));
      }
      for (Future<Integer> d : done) {
        assertThat(d.get(20, TimeUnit.SECONDS)).isEqualTo(50);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theSocketLetsEveryLocalUserConnect() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.socket())))
        .isEqualTo("rw-rw-rw-");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        f.socket().getParent()))).isEqualTo("rwxr-xr-x");
  }

  @Test
  void anOwnerMayActAsAnotherUserWithTheUseridMember() throws Exception {
    try (WireClient c = f.client()) {
      String ns = ConnectorFixture.uniqueName("imp");
      c.ok("kvs.namespace-create", "{\"namespace\":\"" + ns + "\",\"owner\":5001,\"flags\":0}");
      c.sendLine("{\"topic\":\"kvs.commit\",\"matchtag\":1,\"userid\":5001,\"payload\":"
          + put(ns, "mine", "yes") + "}");
      assertThat(c.read().has("errnum")).isFalse();
      c.sendLine("{\"topic\":\"kvs.commit\",\"matchtag\":2,\"userid\":5002,\"payload\":"
          + put(ns, "theirs", "no") + "}");
      assertThat(c.read().path("errnum").asInt()).isEqualTo(1);
      c.sendLine("{\"topic\":\"kvs.namespace-list\",\"matchtag\":3,\"userid\":5001,"
          + "\"payload\":{}}");
      assertThat(c.read().path("errnum").asInt()).as("user role may not list").isEqualTo(1);
    }
  }

  @Test
  void aStoppedConnectorDeletesItsSocketFile() throws Exception {
    try (ConnectorFixture other = new ConnectorFixture()) {
      assertThat(Files.exists(other.socket())).isTrue();
      other.kit.stop(other.connector);
      assertThat(Files.exists(other.socket())).isFalse();
    }
  }

  @Test
  void aStaleSocketFileIsReplacedAtStart() throws Exception {
    java.nio.file.Path dir = Files.createTempDirectory("kvs-stale");
    java.nio.file.Path sock = dir.resolve("local.sock");
    Files.writeString(sock, "stale");
    try (ConnectorFixture other = new ConnectorFixture(s -> s.withSocketPath(sock));
        WireClient c = other.client()) {
      assertThat(c.ok("kvs.ping", "{}").size()).isZero();
    } finally {
      Files.deleteIfExists(sock);
      Files.deleteIfExists(dir);
    }
  }
}
