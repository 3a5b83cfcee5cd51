package io.kvs.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.CommitFlags;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed requests: their payloads on the wire and their replies, against the fake store. */
class KvsClientRequestsTest {
  @TempDir
  Path dir;

  private FakeKvsServer server;
  private KvsClient client;

  @BeforeEach
  void start() throws Exception {
    server = FakeKvsServer.local(dir);
    client = KvsClient.connect(KvsUri.parse(server.uri()));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  private JsonNode lastRequest() {
    return server.received().get(server.received().size() - 1);
  }

  @Test
  void commitSendsOpsInOrderWithValDirentsNullUnlinksAndTheAppendFlag() {
    Txn txn = new Txn().put("a.b", "hi").append("log", Bytes.utf8("x")).unlink("old")
        .mkdir("d").symlink("l", "job-1", ".");
    CommitResult r = client.commit("primary", CommitFlags.NO_MERGE, txn).join();
    JsonNode p = lastRequest().path("payload");
    assertThat(lastRequest().path("topic").asText()).isEqualTo("kvs.commit");
    assertThat(p.path("namespace").asText()).isEqualTo("primary");
    assertThat(p.path("flags").asInt()).isEqualTo(CommitFlags.NO_MERGE);
    assertThat(p.path("ops").get(0).toString())
        .isEqualTo("{\"key\":\"a.b\",\"flags\":0,\"dirent\":{\"data\":\"aGk=\",\"type\":\"val\",\"ver\":1}}");
    assertThat(p.path("ops").get(1).path("flags").asInt()).isEqualTo(32);
    assertThat(p.path("ops").get(2).get("dirent").isNull()).isTrue();
    assertThat(p.path("ops").get(3).path("dirent").path("type").asText()).isEqualTo("dir");
    assertThat(p.path("ops").get(4).path("dirent").path("data").toString())
        .isEqualTo("{\"namespace\":\"job-1\",\"target\":\".\"}");
    assertThat(r.rootseq()).isEqualTo(1);
    assertThat(r.rootref()).startsWith("sha256-");
  }

  @Test
  void putThenGetStringRoundTripsUtf8() {
    client.put("primary", "greeting", "héllo").join();
    assertThat(client.getString("primary", "greeting").join()).isEqualTo("héllo");
    JsonNode p = lastRequest().path("payload");
    assertThat(p.path("key").asText()).isEqualTo("greeting");
    assertThat(p.path("flags").asInt()).isZero();
    assertThat(p.path("namespace").asText()).isEqualTo("primary");
  }

  @Test
  void lookupAtARootdirSendsTheDirrefInsteadOfTheNamespace() {
    CommitResult first = client.put("primary", "k", "1").join();
    client.put("primary", "k", "2").join();
    TreeObj old = client.lookup(null, "k", 0, first.rootDirRef()).join();
    assertThat(KvsClient.valueOf(old).toUtf8()).isEqualTo("1");
    JsonNode p = lastRequest().path("payload");
    assertThat(p.has("namespace")).isFalse();
    assertThat(p.path("rootdir").path("type").asText()).isEqualTo("dirref");
  }

  @Test
  void readdirAndReadlinkReturnTypedObjects() {
    client.commit("primary", new Txn().put("d.x", "1").symlink("l", null, "d")).join();
    assertThat(client.readdir("primary", "d").join().entries()).containsKey("x");
    assertThat(client.readlink("primary", "l").join().target()).isEqualTo("d");
    assertThat(client.lookup("primary", "l", LookupFlags.TREEOBJ).join())
        .isInstanceOf(TreeObj.Symlink.class);
  }

  @Test
  void getrootReportsOwnerSequenceAndRootref() {
    client.put("primary", "a", "1").join();
    RootInfo r = client.getroot("primary").join();
    assertThat(r.rootseq()).isEqualTo(1);
    assertThat(r.owner()).isEqualTo(1000);
    assertThat(r.rootDirRef()).isInstanceOf(TreeObj.DirRef.class);
    assertThat(lastRequest().path("payload").path("flags").asInt()).isZero();
  }

  @Test
  void waitVersionCompletesOnlyAfterTheNamespaceReachesIt() throws Exception {
    CompletableFuture<RootVersion> w = client.waitVersion("primary", 2);
    client.put("primary", "a", "1").get(5, TimeUnit.SECONDS);
    assertThat(w).isNotDone();
    client.put("primary", "a", "2").join();
    assertThat(w.get(5, TimeUnit.SECONDS).rootseq()).isEqualTo(2);
  }

  @Test
  void namespacesAreCreatedListedAndRemoved() {
    client.namespaceCreate("job-7", 5001, 0, null).join();
    assertThat(lastRequest().path("payload").path("owner").asLong()).isEqualTo(5001);
    assertThat(client.namespaceList().join())
        .contains(new NamespaceInfo("job-7", 5001, 0), new NamespaceInfo("primary", 1000, 0));
    client.namespaceRemove("job-7").join();
    assertThat(client.namespaceList().join()).extracting(NamespaceInfo::namespace)
        .containsExactly("primary");
  }

  @Test
  void namespaceCreateForTheInstanceOwnerSendsOwnerMinusOne() {
    client.namespaceCreate("job-8").join();
    assertThat(lastRequest().path("payload").path("owner").asLong()).isEqualTo(-1);
    assertThat(lastRequest().path("payload").has("rootref")).isFalse();
  }

  @Test
  void statsSendsTheNamespaceOnlyWhenGiven() {
    client.stats(null).join();
    assertThat(lastRequest().path("payload").size()).isZero();
    client.stats("primary").join();
    assertThat(lastRequest().path("payload").path("namespace").asText()).isEqualTo("primary");
  }
}
