package io.kvs.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvs.Caller;
import io.kvs.events.EventBatch;
import io.kvs.events.KvsEvent;
import io.kvs.namespace.Committed;
import io.kvs.rank.KvsRank;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The binary forms of event batches, relayed commits and their replies, without Akka. */
class CodecTest {
  private static final BlobRef REF = HashAlgorithm.SHA1.hash(new byte[] {1});

  private static EventBatch roundTrip(EventBatch b) {
    return EventCodec.decode(EventCodec.encode(b)).all();
  }

  @Test
  void everyKindOfEventComesBackEqualInOrder() {
    EventBatch batch = new EventBatch("kvs.ns.3", List.of(
        new KvsEvent.RootChanged("job-1", 9, 4, REF, List.of("txn.0.1"), List.of("a.b", "c"),
            7),
        new KvsEvent.CommitFailed("job-1", 9, List.of("txn.0.2"), 21),
        new KvsEvent.NamespaceCreated("job-2", 9, 0, REF, -1),
        new KvsEvent.NamespaceRemoved("job-2", 9),
        new KvsEvent.Ping("job-3", 9, Long.MIN_VALUE),
        new KvsEvent.RootChanged("job-1", 9, 5, REF, List.of(), List.of(), 7, List.of(),
            true)));
    assertThat(roundTrip(batch)).isEqualTo(batch);
    assertThat(roundTrip(new EventBatch("kvs.ns.0", List.of())).events()).isEmpty();
  }

  @Test
  void aSetrootKeepsItsBlobs() {
    byte[] data = {1, 2, 3, 0, -1};
    EventBatch back = roundTrip(new EventBatch("kvs.ns.1", List.of(new KvsEvent.RootChanged(
        "job-1", 9, 4, REF, List.of("t"), List.of("a"), 7,
        List.of(new KvsEvent.InlineBlob(REF, data), new KvsEvent.InlineBlob(REF, new byte[0]))))));
    List<KvsEvent.InlineBlob> blobs = ((KvsEvent.RootChanged) back.events().get(0)).blobs();
    assertThat(blobs).hasSize(2);
    assertThat(blobs.get(0).ref()).isEqualTo(REF);
    assertThat(blobs.get(0).data()).isEqualTo(data);
    assertThat(blobs.get(1).data()).isEmpty();
  }

  @Test
  void aBatchIsSerializedOnceHoweverOftenItIsSent() {
    EventBatch batch = new EventBatch("kvs.ns.1", List.of(new KvsEvent.NamespaceRemoved("a", 1)));
    AtomicInteger made = new AtomicInteger();
    byte[] first = batch.serialized(b -> {
      made.incrementAndGet();
      return EventCodec.encode(b);
    });
    byte[] second = batch.serialized(b -> {
      made.incrementAndGet();
      return EventCodec.encode(b);
    });
    assertThat(second).isSameAs(first);
    assertThat(made).hasValue(1);
  }

  @Test
  void eventsEncodedByTheirMakerMakeTheSameBytesAsTheirBatchWould() {
    List<KvsEvent> events = List.of(
        new KvsEvent.RootChanged("job-1", 9, 4, REF, List.of("t"), List.of("a"), 7,
            List.of(new KvsEvent.InlineBlob(REF, new byte[] {1, 2}))),
        new KvsEvent.NamespaceRemoved("job-\u00e9", 9),
        new KvsEvent.CommitFailed("job-1", 9, List.of("t2"), 17));
    byte[] plain = EventCodec.encode(new EventBatch("kvs.ns.5", events));
    List<byte[]> made = new java.util.ArrayList<>();
    made.add(KvsBinarySerializer.encodeEvent(events.get(0)));
    made.add(null); // not made by its maker: encoded with the batch
    made.add(KvsBinarySerializer.encodeEvent(events.get(2)));
    assertThat(EventCodec.encode(new EventBatch("kvs.ns.5", events, made))).isEqualTo(plain);
    assertThat(EventCodec.decode(plain).all().events().subList(1, 3))
        .isEqualTo(events.subList(1, 3));
    assertThatThrownBy(() -> new EventBatch("kvs.ns.5", events, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReceivedBatchDecodesOnlyTheEventsSelected() {
    KvsEvent mine = new KvsEvent.RootChanged("mine", 9, 4, REF, List.of("t"), List.of("a"), 7);
    KvsEvent theirs = new KvsEvent.RootChanged("theirs", 9, 8, REF, List.of("u"), List.of("b"),
        7);
    byte[] bytes = EventCodec.encode(new EventBatch("kvs.ns.2", List.of(theirs, mine, theirs)));
    // spoil the body of the first event (its epoch's varint never ends): only reading it fails
    int body = 1 + "kvs.ns.2".length() + 1 + 1 + 1 + 1 + "theirs".length()
        + EventCodec.BODY_LENGTH_BYTES;
    bytes[body] = (byte) 0xff;
    bytes[body + 1] = (byte) 0xff;
    io.kvs.events.ReceivedBatch received = EventCodec.decode(bytes);
    assertThat(received.size()).isEqualTo(3);
    assertThat(received.namespace(0)).isEqualTo("theirs");
    assertThat(received.namespace(1)).isEqualTo("mine");
    assertThat(received.select("mine"::equals).events()).containsExactly(mine);
    assertThat(received.select(ns -> false).events()).isEmpty();
    assertThatThrownBy(() -> received.select("theirs"::equals))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
  }

  @Test
  void malformedBatchesAreRefusedNotMisread() {
    byte[] good = EventCodec.encode(new EventBatch("kvs.ns.1",
        List.of(new KvsEvent.NamespaceCreated("job-2", 9, 0, REF, 7))));
    for (int cut = 0; cut < good.length; cut++) {
      byte[] part = Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> EventCodec.decode(part).all())
          .isInstanceOf(IllegalArgumentException.class);
    }
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> EventCodec.decode(longer))
        .hasMessageContaining("after the message");
    byte[] badType = good.clone();
    badType[1 + "kvs.ns.1".length() + 1] = 99;
    assertThatThrownBy(() -> EventCodec.decode(badType))
        .hasMessageContaining("event type 99");
  }

  @Test
  void aCommitKeepsItsOpsCallerAndReplyAddress() {
    TreeObj dir = new TreeObj.Dir(Map.of("a", TreeObj.Val.utf8("1"),
        "b", new TreeObj.Symlink("x", "ns"), "c", TreeObj.ValRef.of(REF)));
    KvsRank.Commit c = new KvsRank.Commit("job-1", 4, List.of(Op.put("a", TreeObj.Val.utf8("v")),
        Op.unlink("b"), Op.mkdir("c"), Op.symlink("d", "other", "e"),
        Op.append("f", new TreeObj.Val(Bytes.of(new byte[] {0, 1, 2}))), Op.put("g", dir)),
        Caller.user(42), null);
    byte[] bytes = CommitCodec.encode(c, ref -> "never called: replyTo is null");
    KvsRank.Commit back = CommitCodec.decodeCommit(new WireIn(bytes), s -> null);
    assertThat(back).isEqualTo(c);
    assertThat(back.caller().role()).isEqualTo(Caller.Role.USER);
  }

  @Test
  void aCommittedReplyComesBackEqual() {
    Committed c = new Committed("job-1", REF, 12, 99);
    assertThat(CommitCodec.decodeCommitted(new WireIn(CommitCodec.encode(c)))).isEqualTo(c);
  }

  @Test
  void aCommitWithAnUnknownRoleIsRefused() {
    byte[] bytes = CommitCodec.encode(new KvsRank.Commit("n", 0, List.of(), Caller.owner(1),
        null), ref -> "");
    bytes[bytes.length - 2] = 7;
    assertThatThrownBy(() -> CommitCodec.decodeCommit(new WireIn(bytes), s -> null))
        .hasMessageContaining("role 7");
  }
}
