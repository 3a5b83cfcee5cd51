package io.kvs.connector;

import static io.kvs.connector.WireClient.get;
import static io.kvs.connector.WireClient.put;
import static io.kvs.connector.WireClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code kvs.lookup-plus} through a real socket: the value and the root that answered. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectorLookupPlusTest {
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
  void theValueComesWithTheRootThatAnsweredIt() throws Exception {
    try (WireClient c = f.client()) {
      String ns = ConnectorFixture.uniqueName("plus");
      c.ok("kvs.namespace-create", "{\"namespace\":\"" + ns + "\",\"owner\":-1,\"flags\":0}");
      JsonNode committed = c.ok("kvs.commit", put(ns, "a.b", "one"));
      JsonNode r = c.ok("kvs.lookup-plus", get(ns, "a.b"));
      assertThat(text(r.path("val"))).isEqualTo("one");
      assertThat(r.path("rootseq").asLong()).isEqualTo(committed.path("rootseq").asLong());
      assertThat(r.path("rootref").asText()).isEqualTo(committed.path("rootref").asText());
      assertThat(r.has("errno")).isFalse();
    }
  }

  @Test
  void aMissingKeyIsASuccessWithErrnoTwoAndTheRoot() throws Exception {
    try (WireClient c = f.client()) {
      JsonNode root = c.ok("kvs.getroot", "{\"namespace\":\"primary\"}");
      JsonNode r = c.ok("kvs.lookup-plus", get("primary", "plus.no.such.key"));
      assertThat(r.path("errno").asInt()).isEqualTo(2);
      assertThat(r.has("val")).isFalse();
      assertThat(r.path("rootseq").asLong()).isGreaterThanOrEqualTo(root.path("rootseq").asLong());
      assertThat(r.path("rootref").asText()).startsWith("sha256-");
    }
  }

  @Test
  void otherErrorsStayErrors() throws Exception {
    try (WireClient c = f.client()) {
      String ns = ConnectorFixture.uniqueName("plus");
      c.ok("kvs.namespace-create", "{\"namespace\":\"" + ns + "\",\"owner\":-1,\"flags\":0}");
      c.ok("kvs.commit", put(ns, "v", "x"));
      c.send("kvs.lookup-plus", "{\"namespace\":\"" + ns + "\",\"key\":\"v\",\"flags\":"
          + io.kvs.lookup.LookupFlags.READDIR + "}");
      assertThat(c.read().path("errnum").asInt()).as("READDIR of a value").isEqualTo(20);
      c.send("kvs.lookup-plus", get("plus-no-such-namespace", "k"));
      assertThat(c.read().path("errnum").asInt()).as("ENOTSUP").isEqualTo(95);
    }
  }

  @Test
  void aRootdirOrNoNamespaceIsRefused() throws Exception {
    try (WireClient c = f.client()) {
      JsonNode root = c.ok("kvs.getroot", "{\"namespace\":\"primary\"}");
      c.send("kvs.lookup-plus", "{\"key\":\"k\",\"flags\":0,\"rootdir\":{\"data\":[\""
          + root.path("rootref").asText() + "\"],\"type\":\"dirref\",\"ver\":1}}");
      ObjectNode r = c.read();
      assertThat(r.path("errnum").asInt()).isEqualTo(71);
      assertThat(r.path("errstr").asText()).contains("needs a namespace");
      c.send("kvs.lookup-plus", "{\"key\":\"k\",\"flags\":0}");
      assertThat(c.read().path("errnum").asInt()).isEqualTo(71);
    }
  }

  @Test
  void theJavaClientReturnsTheValueOrItsAbsenceWithTheRoot() throws Exception {
    try (io.kvs.client.KvsClient c = io.kvs.client.KvsClient.connect(
        io.kvs.client.KvsUri.parse("local://" + f.socket()))) {
      io.kvs.client.CommitResult committed = c.put("primary", "plus.client", "two")
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
      io.kvs.client.LookupPlus found = c.lookupPlus("primary", "plus.client", 0)
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(found.found()).isTrue();
      assertThat(io.kvs.client.KvsClient.valueOf(found.val()).toUtf8()).isEqualTo("two");
      assertThat(found.rootseq()).isGreaterThanOrEqualTo(committed.rootseq());
      io.kvs.client.LookupPlus missing = c.lookupPlus("primary", "plus.nothing.here", 0)
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(missing.found()).isFalse();
      assertThat(missing.rootref()).startsWith("sha256-");
    }
  }
}
