package io.kvs;

import static org.assertj.core.api.Assertions.assertThat;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.SerializationTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.actor.typed.javadsl.Adapter;
import com.typesafe.config.ConfigFactory;
import io.kvs.events.EventBatch;
import io.kvs.events.KvsEvent;
import io.kvs.events.ReceivedBatch;
import io.kvs.namespace.Committed;
import io.kvs.namespace.LookupResult;
import io.kvs.namespace.NamespaceStats;
import io.kvs.namespace.RootSnapshot;
import io.kvs.rank.KvsRank;
import io.kvs.rank.KvsStats;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every message marked {@link KvsSerializable} survives Akka serialization with the service's
 * configuration (Jackson CBOR, or the hand-written binary form of the busiest ones; Java
 * serialization disabled) and comes back equal.
 */
class SerializationTest {
  private static final ActorTestKit KIT =
      ActorTestKit.create("serialization-test", ConfigFactory.load("embedded").resolve());
  private static final SerializationTestKit SER = KIT.serializationTestKit();
  private static final BlobRef REF = HashAlgorithm.SHA256.hash(new byte[] {1});
  private static final Caller OWNER = Caller.owner(100);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static <T> ActorRef<T> ref() {
    TestProbe<T> p = KIT.createTestProbe();
    return p.getRef();
  }

  private static void roundTrip(Object message) {
    roundTrip(message, "JacksonCborSerializer");
  }

  private static void roundTrip(Object message, String serializer) {
    Object back = SER.verifySerialization(message, true);
    assertThat(back).isEqualTo(message);
    Serialization s = SerializationExtension.get(Adapter.toClassic(KIT.system()));
    assertThat(s.findSerializerFor(message).getClass().getSimpleName()).isEqualTo(serializer);
  }

  @Test
  void identitiesAndErrorsRoundTrip() {
    roundTrip(OWNER);
    roundTrip(Caller.user(7));
    roundTrip(KvsError.NOT_FOUND.failure("kvs: key not found: a"));
  }

  @Test
  void rankRequestsRoundTrip() {
    TreeObj dir = new TreeObj.Dir(Map.of("a", TreeObj.Val.utf8("1"),
        "b", new TreeObj.Symlink("x", "ns"), "c", TreeObj.ValRef.of(REF)));
    roundTrip(new KvsRank.CreateNamespace("job-1", 7, REF, 0, OWNER, ref()));
    roundTrip(new KvsRank.CreateNamespace("job-1", -1, null, 0, OWNER, ref()));
    roundTrip(new KvsRank.ForwardedBatch(List.of(
        new KvsRank.Forwarded(new KvsRank.CreateNamespace("job-1", 7, null, 0, OWNER, ref()),
            null),
        new KvsRank.Forwarded(null, new KvsRank.RemoveNamespace("job-1", OWNER, ref()))),
        ref()));
    roundTrip(new KvsRank.ForwardedReplies(List.of(new KvsRank.ForwardedReply(ref(), 0, null),
        new KvsRank.ForwardedReply(ref(), 17, "kvs: namespace exists: job-1"))));
    roundTrip(new KvsRank.RemoveNamespace("job-1", OWNER, ref()));
    roundTrip(new KvsRank.ListNamespaces(OWNER, ref()));
    roundTrip(new KvsRank.Commit("job-1", 4, List.of(Op.put("a", TreeObj.Val.utf8("v")),
        Op.unlink("b"), Op.mkdir("c"), Op.symlink("d", "other", "e"),
        Op.append("f", new TreeObj.Val(Bytes.of(new byte[] {0, 1, 2}))), Op.put("g", dir)),
        OWNER, ref()), "KvsBinarySerializer");
    roundTrip(new KvsRank.Commit("job-1", 0, List.of(), Caller.user(7), ref()),
        "KvsBinarySerializer");
    roundTrip(new KvsRank.Lookup("job-1", "a.b", 16, null, OWNER, ref()));
    roundTrip(new KvsRank.Lookup(null, "a.b", 0, TreeObj.DirRef.of(REF), OWNER, ref()));
    roundTrip(new KvsRank.GetRoot("job-1", OWNER, ref()));
    roundTrip(new KvsRank.WaitVersion("job-1", 12, OWNER, ref()));
    roundTrip(new KvsRank.GetStats(null, OWNER, ref()));
    roundTrip(new KvsRank.Hello(ref()));
    roundTrip(new KvsRank.PublishPing("job-1", 42));
    roundTrip(new KvsRank.GetFreshRoot("job-1", OWNER, ref()));
    roundTrip(new io.kvs.content.ContentService.LoadBlobs(List.of(REF), ref()));
  }

  @Test
  void repliesRoundTrip() {
    roundTrip(new Committed("job-1", REF, 3, 99), "KvsBinarySerializer");
    roundTrip(StatusReply.success(new Committed("job-1", REF, 3, 99)), "MiscMessageSerializer");
    roundTrip(new KvsRank.RootHello(99, ref(), ref()));
    roundTrip(new io.kvs.content.ContentService.Piece(List.of(
        new io.kvs.content.ContentService.Blob(REF, Bytes.of(new byte[] {9}))), List.of(REF),
        null, true));
    roundTrip(new io.kvs.content.ContentService.Piece(List.of(), List.of(),
        new io.kvs.content.ContentService.Chunk(REF, 4, 10, Bytes.of(new byte[] {1, 2})),
        false));
    roundTrip(new RootSnapshot("job-1", 7, 0, REF, 3, 99));
    roundTrip(new LookupResult(TreeObj.Val.utf8("v")));
    roundTrip(new LookupResult(new TreeObj.Dir(Map.of("x", TreeObj.DirRef.of(REF)))));
    roundTrip(new NamespaceStats("job-1", 1, 2, 3, 4, 5));
    roundTrip(new KvsRank.NamespaceList(List.of(new KvsRank.NamespaceInfo("job-1", 7, 0))));
    roundTrip(new KvsStats(0, 1, 2, 3, 4, List.of(new NamespaceStats("a", 1, 2, 3, 4, 5)),
        new KvsStats.OpCount(1, 2, 3.5, 0.5, 4), 5, 6, 7, 8, 9, 10, 11));
  }

  /**
   * An event batch as another rank receives it: a {@link ReceivedBatch}, whose events come back
   * equal when all are selected.
   */
  private static EventBatch batchRoundTrip(EventBatch batch) {
    Serialization s = SerializationExtension.get(Adapter.toClassic(KIT.system()));
    akka.serialization.Serializer serializer = s.findSerializerFor(batch);
    assertThat(serializer.getClass().getSimpleName()).isEqualTo("KvsBinarySerializer");
    byte[] bytes = s.serialize(batch).get();
    String manifest = akka.serialization.Serializers.manifestFor(serializer, batch);
    Object back = s.deserialize(bytes, serializer.identifier(), manifest).get();
    assertThat(back).isInstanceOf(ReceivedBatch.class);
    return ((ReceivedBatch) back).all();
  }

  @Test
  void eventsRoundTripInsideTheirBatch() {
    EventBatch batch = new EventBatch("kvs.ns.3", List.of(
        new KvsEvent.RootChanged("job-1", 9, 4, REF, List.of("txn.0.1"), List.of("a.b"), 7),
        new KvsEvent.CommitFailed("job-1", 9, List.of("txn.0.2"), 21),
        new KvsEvent.NamespaceCreated("job-2", 9, 0, REF, 7),
        new KvsEvent.NamespaceRemoved("job-2", 9),
        new KvsEvent.Ping("job-3", 9, 42)));
    assertThat(batchRoundTrip(batch)).isEqualTo(batch);
    EventBatch unknownKeys = new EventBatch("kvs.ns.4", List.of(new KvsEvent.RootChanged(
        "job-1", 9, 5, REF, List.of(), List.of(), -1, List.of(), true)));
    assertThat(batchRoundTrip(unknownKeys)).isEqualTo(unknownKeys);
  }

  @Test
  void aSetrootKeepsTheBlobsItCarries() {
    byte[] data = "{\"data\":{},\"type\":\"dir\",\"ver\":1}".getBytes(
        java.nio.charset.StandardCharsets.UTF_8);
    KvsEvent.RootChanged e = new KvsEvent.RootChanged("job-1", 9, 4, REF, List.of("t"),
        List.of("a"), 7, List.of(new KvsEvent.InlineBlob(REF, data)));
    EventBatch back = batchRoundTrip(new EventBatch("kvs.ns.3", List.of(e)));
    KvsEvent.RootChanged got = (KvsEvent.RootChanged) back.events().get(0);
    assertThat(got.blobs()).hasSize(1);
    assertThat(got.blobs().get(0).ref()).isEqualTo(REF);
    assertThat(got.blobs().get(0).data()).isEqualTo(data);
    assertThat(got.rootseq()).isEqualTo(4);
  }

  @Test
  void anErrorStatusReplyKeepsItsErrnoAcrossSerialization() {
    StatusReply<Done> reply = StatusReply.error(KvsError.EXISTS.failure("kvs: exists: x"));
    @SuppressWarnings("unchecked")
    StatusReply<Done> back = (StatusReply<Done>) SER.verifySerialization(reply, false);
    assertThat(back.isError()).isTrue();
    assertThat(back.getError()).isInstanceOf(KvsException.class);
    assertThat(((KvsException) back.getError()).error()).isEqualTo(KvsError.EXISTS);
    assertThat(back.getError().getMessage()).isEqualTo("kvs: exists: x");
  }
}
