package io.kvs.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.treeobj.TreeObj;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireCodecTest {

  private static Frame.Bad bad(String line) {
    Frame f = WireCodec.parse(line);
    assertThat(f).as(line).isInstanceOf(Frame.Bad.class);
    return (Frame.Bad) f;
  }

  private static Frame.Request req(String line) {
    Frame f = WireCodec.parse(line);
    assertThat(f).as(line + " -> " + f).isInstanceOf(Frame.Request.class);
    return (Frame.Request) f;
  }

  @Test
  void aLookupRequestBecomesATypedLookup() {
    Frame.Request r = req("{\"topic\":\"kvs.lookup\",\"matchtag\":7,\"payload\":"
        + "{\"key\":\"a.b\",\"flags\":1,\"namespace\":\"primary\"}}");
    assertThat(r.matchtag()).isEqualTo(7);
    assertThat(r.userid()).isEqualTo(-1);
    assertThat(r.body()).isEqualTo(new WireRequest.Lookup("a.b", 1, "primary", null));
  }

  @Test
  void aCommitCarriesItsOpsAndUnlinksAsNullDirents() {
    Frame.Request r = req("{\"topic\":\"kvs.commit\",\"matchtag\":1,\"payload\":{\"namespace\":"
        + "\"ns\",\"flags\":1,\"ops\":[{\"key\":\"k\",\"flags\":0,\"dirent\":{\"data\":\"eA==\","
        + "\"type\":\"val\",\"ver\":1}},{\"key\":\"gone\",\"flags\":0,\"dirent\":null}]}}");
    WireRequest.Commit c = (WireRequest.Commit) r.body();
    assertThat(c.flags()).isEqualTo(1);
    assertThat(c.ops().get(0).dirent()).isEqualTo(TreeObj.Val.utf8("x"));
    assertThat(c.ops().get(1).isUnlink()).isTrue();
  }

  @Test
  void ownerUnknownMeansTheInstanceOwner() {
    Frame.Request r = req("{\"topic\":\"kvs.namespace-create\",\"matchtag\":1,\"payload\":"
        + "{\"namespace\":\"n\",\"owner\":4294967295,\"flags\":0}}");
    assertThat(((WireRequest.CreateNamespace) r.body()).owner()).isEqualTo(-1);
  }

  @Test
  void theUseridMemberIsCarried() {
    assertThat(req("{\"topic\":\"kvs.ping\",\"matchtag\":1,\"userid\":42}").userid())
        .isEqualTo(42);
  }

  @Test
  void notJsonIsEprotoWithMatchtagZero() {
    Frame.Bad b = bad("hello");
    assertThat(b.matchtag()).isZero();
    assertThat(b.answer()).isTrue();
    assertThat(b.errnum()).isEqualTo(71);
  }

  @Test
  void truncatedJsonKeepsAReadableMatchtag() {
    Frame.Bad b = bad("{\"matchtag\":12,\"topic\":\"kvs.lo");
    assertThat(b.matchtag()).isEqualTo(12);
    assertThat(b.errnum()).isEqualTo(71);
  }

  @Test
  void aBadRequestWithMatchtagZeroAsksForNoAnswer() {
    assertThat(bad("{\"matchtag\":0,\"topic\":\"nope\"}").answer()).isFalse();
  }

  @Test
  void anUnreadableMatchtagIsAnsweredWithMatchtagZero() {
    for (String mt : new String[] {"-1", "4294967296", "1e400", "\"7\"", "1.5", "null"}) {
      Frame.Bad b = bad("{\"matchtag\":" + mt + ",\"topic\":\"kvs.ping\"}");
      assertThat(b.matchtag()).as(mt).isZero();
      assertThat(b.answer()).isTrue();
      assertThat(b.errstr()).contains("matchtag");
    }
  }

  @Test
  void anUnknownTopicIsEnosysNamingIt() {
    Frame.Bad b = bad("{\"matchtag\":3,\"topic\":\"kvs.fence\",\"payload\":{}}");
    assertThat(b.errnum()).isEqualTo(38);
    assertThat(b.errstr()).isEqualTo("kvs: unknown topic: kvs.fence");
  }

  @Test
  void wronglyTypedFieldsAreEprotoNamingTheField() {
    assertThat(bad("{\"matchtag\":3,\"topic\":\"kvs.lookup\",\"payload\":{\"key\":1,\"flags\":0,"
        + "\"namespace\":\"p\"}}").errstr()).isEqualTo("kvs: key must be a string");
    assertThat(bad("{\"matchtag\":3,\"topic\":\"kvs.commit\",\"payload\":{\"namespace\":\"p\","
        + "\"flags\":99999999999,\"ops\":[]}}").errstr()).contains("flags");
    assertThat(bad("{\"matchtag\":3,\"topic\":\"kvs.commit\",\"payload\":{\"namespace\":\"p\","
        + "\"flags\":0,\"ops\":[{\"key\":\"k\",\"flags\":0}]}}").errstr())
        .contains("ops[0].dirent");
    assertThat(bad("{\"matchtag\":3,\"topic\":\"kvs.wait-version\",\"payload\":{\"namespace\":"
        + "\"p\",\"rootseq\":-2}}").errstr()).contains("rootseq");
    assertThat(bad("{\"matchtag\":3,\"topic\":\"kvs.getroot\",\"payload\":[]}").errstr())
        .contains("payload");
  }

  @Test
  void aLookupWithoutNamespaceOrRootdirIsEproto() {
    Frame.Bad b = bad("{\"matchtag\":3,\"topic\":\"kvs.lookup\",\"payload\":{\"key\":\"k\","
        + "\"flags\":0}}");
    assertThat(b.errnum()).isEqualTo(71);
    assertThat(b.errstr()).contains("namespace or rootdir");
  }

  @Test
  void anInvalidTreeobjIsEinval() {
    Frame.Bad b = bad("{\"matchtag\":3,\"topic\":\"kvs.commit\",\"payload\":{\"namespace\":\"p\","
        + "\"flags\":0,\"ops\":[{\"key\":\"k\",\"flags\":0,\"dirent\":{\"data\":\"eA==\","
        + "\"type\":\"val\",\"ver\":2}}]}}");
    assertThat(b.errnum()).isEqualTo(22);
    assertThat(b.errstr()).startsWith("kvs: ops[0].dirent: ");
  }

  @Test
  void nestingWithinTheLimitIsParsed() {
    String nested = "[".repeat(WireCodec.MAX_DEPTH - 3) + "]".repeat(WireCodec.MAX_DEPTH - 3);
    Frame f = WireCodec.parse("{\"matchtag\":9,\"topic\":\"kvs.ping\",\"payload\":{\"x\":"
        + nested + "}}");
    assertThat(f).isNotInstanceOf(Frame.Bad.class);
  }

  @Test
  void deepNestingOfObjectsIsRejectedToo() {
    String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    Frame.Bad b = bad("{\"matchtag\":8,\"topic\":\"kvs.ping\",\"payload\":" + deep + "}");
    assertThat(b.matchtag()).isEqualTo(8);
    assertThat(b.errstr()).contains("deeper than");
  }

  @Test
  void deepNestingIsRejectedWhileParsing() {
    String deep = "[".repeat(100_000);
    Frame.Bad b = bad("{\"matchtag\":9,\"topic\":\"kvs.ping\",\"payload\":{\"x\":" + deep + "}}");
    assertThat(b.matchtag()).isEqualTo(9);
    assertThat(b.errstr()).contains("deeper than");
  }

  @Test
  void streamingIsRefusedByTopicsThatDoNotStream() {
    assertThat(bad("{\"matchtag\":3,\"topic\":\"kvs.ping\",\"streaming\":true}").errstr())
        .isEqualTo("kvs: topic kvs.ping does not stream");
  }

  @Test
  void aStreamingWatchLookupBecomesATypedWatchLookup() {
    Frame.Request r = req("{\"topic\":\"kvs-watch.lookup\",\"matchtag\":5,\"streaming\":true,"
        + "\"payload\":{\"namespace\":\"ns\",\"key\":\"a\",\"flags\":260}}");
    assertThat(r.body()).isEqualTo(new WireRequest.WatchLookup("ns", "a", 260, true));
    assertThat(((WireRequest.WatchLookup) r.body()).streams()).isTrue();
  }

  @Test
  void aWatchLookupWithoutWatchOrStreamNeedsNoStreaming() {
    Frame.Request r = req("{\"topic\":\"kvs-watch.lookup\",\"matchtag\":5,"
        + "\"payload\":{\"namespace\":\"ns\",\"key\":\"a\",\"flags\":8}}");
    assertThat(((WireRequest.WatchLookup) r.body()).streams()).isFalse();
  }

  @Test
  void watchOrStreamWithoutStreamingIsEproto() {
    for (int flags : new int[] {4, 512, 4 | 256}) {
      Frame.Bad b = bad("{\"topic\":\"kvs-watch.lookup\",\"matchtag\":5,\"payload\":"
          + "{\"namespace\":\"ns\",\"key\":\"a\",\"flags\":" + flags + "}}");
      assertThat(b.errnum()).isEqualTo(71);
      assertThat(b.matchtag()).isEqualTo(5);
    }
  }

  @Test
  void aWatchLookupNeedsANamespace() {
    assertThat(bad("{\"topic\":\"kvs-watch.lookup\",\"matchtag\":5,\"streaming\":true,"
        + "\"payload\":{\"key\":\"a\",\"flags\":4}}").errstr())
        .isEqualTo("kvs: namespace must be a string");
  }

  @Test
  void kvsLookupRefusesWatchWaitcreateAndStreamFlags() {
    for (int flags : new int[] {4, 8, 512, 4 | 16}) {
      Frame.Bad b = bad("{\"topic\":\"kvs.lookup\",\"matchtag\":2,\"payload\":"
          + "{\"namespace\":\"ns\",\"key\":\"a\",\"flags\":" + flags + "}}");
      assertThat(b.errnum()).isEqualTo(71);
      assertThat(b.errstr()).contains("use kvs-watch.lookup");
    }
  }

  @Test
  void aCancelNamesTheMatchtagOfItsStream() {
    Frame.Request r = req("{\"topic\":\"kvs-watch.cancel\",\"matchtag\":0,"
        + "\"payload\":{\"matchtag\":4294967295}}");
    assertThat(r.body()).isEqualTo(new WireRequest.WatchCancel(4294967295L));
    assertThat(bad("{\"topic\":\"kvs-watch.cancel\",\"matchtag\":3,\"payload\":{}}")
        .errnum()).isEqualTo(71);
  }

  @Test
  void responsesAreCompactLinesEndingInNewline() {
    assertThat(new String(WireCodec.error(7, 17, "kvs: \"x\" exists"), StandardCharsets.UTF_8))
        .isEqualTo("{\"matchtag\":7,\"errnum\":17,\"errstr\":\"kvs: \\\"x\\\" exists\"}\n");
    assertThat(new String(WireCodec.ok(8, g -> g.writeNumberField("rootseq", 3)),
        StandardCharsets.UTF_8)).isEqualTo("{\"matchtag\":8,\"payload\":{\"rootseq\":3}}\n");
  }

  @Test
  void aCarriageReturnBeforeTheNewlineIsTolerated() {
    assertThat(req("{\"topic\":\"kvs.ping\",\"matchtag\":1}\r").matchtag()).isEqualTo(1);
  }
}
