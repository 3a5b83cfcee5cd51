package io.kvs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport: pipelining, matchtags, errors, disconnects, TCP token, userid. */
class KvsClientTest {
  @TempDir
  Path dir;

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private FakeKvsServer server(FakeKvsServer.Handler h) throws Exception {
    FakeKvsServer s = FakeKvsServer.local(dir, h);
    closeables.add(s);
    return s;
  }

  private KvsClient connect(FakeKvsServer s) {
    KvsClient c = KvsClient.connect(KvsUri.parse(s.uri()));
    closeables.add(c);
    return c;
  }

  private static KvsClientException failure(CompletableFuture<?> f) {
    try {
      f.get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(KvsClientException.class);
      return (KvsClientException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("future succeeded");
  }

  @Test
  void aThousandPipelinedRequestsAllCompleteWithTheirOwnResponses() throws Exception {
    FakeKvsServer s = server((req, reply) -> reply.ok(req.get("payload")));
    KvsClient c = connect(s);
    List<CompletableFuture<JsonNode>> fs = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      fs.add(c.ping(KvsClient.object().put("n", i)));
    }
    CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 1000; i++) {
      assertThat(fs.get(i).join().path("n").asInt()).isEqualTo(i);
    }
    Set<Integer> tags = new HashSet<>();
    s.received().forEach(r -> tags.add(r.path("matchtag").asInt()));
    assertThat(tags).hasSize(1000).doesNotContain(0);
    assertThat(c.pendingRequests()).isZero();
  }

  @Test
  void responsesArrivingInReverseOrderCompleteTheRightFutures() throws Exception {
    List<Object[]> held = new CopyOnWriteArrayList<>();
    FakeKvsServer s = server((req, reply) -> {
      held.add(new Object[] {req, reply});
      if (held.size() == 3) {
        for (int i = 2; i >= 0; i--) {
          JsonNode r = (JsonNode) held.get(i)[0];
          ((FakeKvsServer.Reply) held.get(i)[1]).ok(r.get("payload"));
        }
      }
    });
    KvsClient c = connect(s);
    CompletableFuture<JsonNode> a = c.ping(KvsClient.object().put("v", "a"));
    CompletableFuture<JsonNode> b = c.ping(KvsClient.object().put("v", "b"));
    CompletableFuture<JsonNode> d = c.ping(KvsClient.object().put("v", "d"));
    assertThat(d.get(5, TimeUnit.SECONDS).path("v").asText()).isEqualTo("d");
    assertThat(a.join().path("v").asText()).isEqualTo("a");
    assertThat(b.join().path("v").asText()).isEqualTo("b");
  }

  @Test
  void anErrorResponseFailsTheFutureWithTheServersErrnumAndErrstr() throws Exception {
    FakeKvsServer s = server((req, reply) -> reply.error(17, "kvs: namespace exists: job-1"));
    KvsClient c = connect(s);
    KvsClientException e = failure(c.namespaceCreate("job-1"));
    assertThat(e.errnum()).isEqualTo(Errno.EEXIST);
    assertThat(e.errstr()).isEqualTo("kvs: namespace exists: job-1");
  }

  @Test
  void anErrorWithoutErrstrIsDescribedByStrerror() throws Exception {
    FakeKvsServer s = server((req, reply) -> reply.error(2, ""));
    KvsClientException e = failure(connect(s).getString("primary", "a"));
    assertThat(e.errnum()).isEqualTo(Errno.ENOENT);
    assertThat(e.getMessage()).isEqualTo("No such file or directory");
  }

  @Test
  void aDisconnectFailsEveryPendingRequestAndLaterOnesWithEconnreset() throws Exception {
    List<FakeKvsServer.Reply> never = new CopyOnWriteArrayList<>();
    FakeKvsServer s = server((req, reply) -> never.add(reply));
    KvsClient c = connect(s);
    List<CompletableFuture<JsonNode>> fs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      fs.add(c.ping(KvsClient.object()));
    }
    while (never.size() < 10) {
      Thread.sleep(5);
    }
    s.disconnectAll();
    for (CompletableFuture<JsonNode> f : fs) {
      assertThat(failure(f).errnum()).isEqualTo(Errno.ECONNRESET);
    }
    assertThat(failure(c.ping(KvsClient.object())).getMessage()).contains("connection closed");
    assertThat(c.pendingRequests()).isZero();
  }

  @Test
  void closingTheClientFailsPendingRequests() throws Exception {
    FakeKvsServer s = server((req, reply) -> { });
    KvsClient c = connect(s);
    CompletableFuture<JsonNode> f = c.ping(KvsClient.object());
    c.close();
    assertThat(failure(f).errnum()).isEqualTo(Errno.ECONNRESET);
  }

  @Test
  void aMalformedResponseLineFailsPendingRequestsWithEproto() throws Exception {
    FakeKvsServer s = server((req, reply) -> reply.raw("{\"matchtag\":" + reply.matchtag()));
    KvsClient c = connect(s);
    KvsClientException e = failure(c.ping(KvsClient.object()));
    assertThat(e.errnum()).isEqualTo(Errno.EPROTO);
    assertThat(e.getMessage()).contains("malformed response");
  }

  @Test
  void aLookupAnsweredWithAnInvalidTreeobjFailsWithEproto() throws Exception {
    FakeKvsServer s = server((req, reply) -> reply.raw("{\"matchtag\":" + reply.matchtag()
        + ",\"payload\":{\"val\":{\"ver\":1,\"type\":\"val\",\"data\":\"aGk=\","
        + "\"extra\":0}}}"));
    KvsClient c = connect(s);
    KvsClientException e = failure(c.lookup(KvsClient.PRIMARY, "a", 0));
    assertThat(e.errnum()).isEqualTo(Errno.EPROTO);
    assertThat(e.getMessage()).contains("invalid treeobj in response");
  }

  @Test
  void aLookupAnswerIsDecodedToItsTreeobj() throws Exception {
    FakeKvsServer s = server((req, reply) -> reply.raw("{\"matchtag\":" + reply.matchtag()
        + ",\"payload\":{\"val\":{\"data\":\"aGk=\",\"type\":\"val\",\"ver\":1}}}"));
    KvsClient c = connect(s);
    assertThat(c.lookup(KvsClient.PRIMARY, "a", 0).get(5, java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo(new io.kvs.treeobj.TreeObj.Val(io.kvs.treeobj.Bytes.utf8("hi")));
  }

  @Test
  void connectingToAMissingSocketFailsWithEconnrefused() {
    assertThatThrownBy(() -> KvsClient.connect(KvsUri.parse("local://" + dir + "/none.sock")))
        .isInstanceOfSatisfying(KvsClientException.class,
            e -> assertThat(e.errnum()).isEqualTo(Errno.ECONNREFUSED))
        .hasMessageContaining("cannot connect to local://");
  }

  @Test
  void tcpConnectionSendsTheTokenLineBeforeAnyRequest() throws Exception {
    FakeKvsServer s = FakeKvsServer.tcp("s3cret", (req, reply) -> reply.ok(KvsClient.object()));
    closeables.add(s);
    KvsClient c = connect(s);
    c.ping(KvsClient.object()).get(5, TimeUnit.SECONDS);
    assertThat(s.received().get(0).toString()).isEqualTo("{\"token\":\"s3cret\"}");
    assertThat(s.received().get(1).path("topic").asText()).isEqualTo("kvs.ping");
  }

  @Test
  void aUserViewAddsUseridAndClosingItKeepsTheConnection() throws Exception {
    FakeKvsServer s = server((req, reply) -> reply.ok(KvsClient.object()));
    KvsClient c = connect(s);
    try (KvsClient alice = c.asUser(5001)) {
      alice.ping(KvsClient.object()).get(5, TimeUnit.SECONDS);
    }
    c.ping(KvsClient.object()).get(5, TimeUnit.SECONDS);
    assertThat(s.received().get(0).path("userid").asInt()).isEqualTo(5001);
    assertThat(s.received().get(1).has("userid")).isFalse();
  }

  @Test
  void sendUsesMatchtagZeroAndGetsNoResponse() throws Exception {
    FakeKvsServer s = server((req, reply) -> reply.ok(KvsClient.object()));
    KvsClient c = connect(s);
    c.send("kvs.ping", KvsClient.object());
    c.ping(KvsClient.object()).get(5, TimeUnit.SECONDS);
    assertThat(s.received().get(0).path("matchtag").asInt()).isZero();
    assertThat(c.pendingRequests()).isZero();
  }

  @Test
  void aStreamingRequestDeliversEachResponseAndEndsAtEnodata() throws Exception {
    FakeKvsServer s = server((req, reply) -> {
      assertThat(req.path("streaming").asBoolean()).isTrue();
      reply.ok(KvsClient.object().put("i", 1));
      reply.ok(KvsClient.object().put("i", 2));
      reply.error(Errno.ENODATA, "");
    });
    List<Integer> seen = new CopyOnWriteArrayList<>();
    connect(s).stream("kvs-watch.lookup", KvsClient.object(), r -> seen.add(r.path("i").asInt()))
        .get(5, TimeUnit.SECONDS);
    assertThat(seen).containsExactly(1, 2);
  }

  @Test
  void joinWrapsTheClientExceptionInACompletionException() throws Exception {
    FakeKvsServer s = server((req, reply) -> reply.error(95, "kvs: namespace not found: x"));
    assertThatThrownBy(() -> connect(s).getroot("x").join())
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(KvsClientException.class);
  }
}
