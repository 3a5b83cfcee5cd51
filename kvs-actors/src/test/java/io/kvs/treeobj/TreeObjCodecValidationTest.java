package io.kvs.treeobj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every way {@link TreeObjCodec#decode} refuses text, and the message it gives. */
class TreeObjCodecValidationTest {
  private static final String REF =
      "sha256-61b85efa2a76db9377692c700b4e1edfc480bf224e0e9764b76f8082159d0ca0";

  @Test
  void aJsonValueThatIsNotAnObjectIsRejected() {
    for (String json : new String[] {"[]", "\"val\"", "1", "null", "true"}) {
      assertRejected(json, "kvs: treeobj must be a JSON object");
    }
  }

  @Test
  void aMissingMemberIsRejected() {
    assertRejected("{\"data\":\"\",\"type\":\"val\"}",
        "kvs: treeobj must have exactly the members data, type and ver");
    assertRejected("{\"type\":\"val\",\"ver\":1}", "exactly the members data, type and ver");
    assertRejected("{\"data\":\"\",\"ver\":1}", "exactly the members data, type and ver");
    assertRejected("{}", "exactly the members data, type and ver");
  }

  @Test
  void anExtraMemberIsRejectedByName() {
    assertRejected("{\"data\":\"\",\"type\":\"val\",\"ver\":1,\"extra\":1}",
        "kvs: treeobj has unknown member \"extra\"");
    assertRejected("{\"Data\":\"\",\"type\":\"val\",\"ver\":1}", "unknown member \"Data\"");
  }

  @Test
  void aVersionOtherThanOneIsRejected() {
    assertRejected("{\"data\":\"\",\"type\":\"val\",\"ver\":2}", "kvs: treeobj ver must be 1, not 2");
    assertRejected("{\"data\":\"\",\"type\":\"val\",\"ver\":0}", "ver must be 1, not 0");
  }

  @Test
  void aVersionThatIsNotAnIntegerIsRejected() {
    for (String ver : new String[] {"\"1\"", "1.0", "1e0", "4294967297", "null", "[1]", "{}"}) {
      assertRejected("{\"data\":\"\",\"type\":\"val\",\"ver\":" + ver + "}",
          "kvs: treeobj ver must be the integer 1");
    }
  }

  @Test
  void anUnknownTypeIsRejectedByName() {
    assertRejected("{\"data\":{},\"type\":\"hdir\",\"ver\":1}", "kvs: unknown treeobj type \"hdir\"");
    assertRejected("{\"data\":\"\",\"type\":\"VAL\",\"ver\":1}", "unknown treeobj type \"VAL\"");
  }

  @Test
  void aTypeThatIsNotAStringIsRejected() {
    assertRejected("{\"data\":\"\",\"type\":1,\"ver\":1}", "kvs: treeobj type must be a string");
    assertRejected("{\"data\":\"\",\"type\":[\"val\"],\"ver\":1}", "type must be a string");
  }

  @Test
  void valDataThatIsNotBase64IsRejected() {
    assertRejected(val("\"not base64!\""), "kvs: val data is not valid base64");
    assertRejected(val("\"aGVs\\nbG8=\""), "val data is not valid base64");
    assertRejected(val("\"-_8=\""), "val data is not valid base64");
  }

  @Test
  void valDataThatIsNotAStringIsRejected() {
    for (String data : new String[] {"5", "null", "[]", "[\"aGVsbG8=\"]", "{}", "true"}) {
      assertRejected(val(data), "kvs: val data must be a base64 string");
    }
  }

  @Test
  void anEmptyValrefOrDirrefIsRejected() {
    assertRejected("{\"data\":[],\"type\":\"valref\",\"ver\":1}",
        "kvs: valref data must be a non-empty array of blobrefs");
    assertRejected("{\"data\":[],\"type\":\"dirref\",\"ver\":1}",
        "kvs: dirref data must be a non-empty array of blobrefs");
  }

  @Test
  void aValrefOrDirrefThatIsNotAnArrayIsRejected() {
    assertRejected("{\"data\":\"" + REF + "\",\"type\":\"valref\",\"ver\":1}",
        "valref data must be a non-empty array of blobrefs");
    assertRejected("{\"data\":{},\"type\":\"dirref\",\"ver\":1}",
        "dirref data must be a non-empty array of blobrefs");
  }

  @Test
  void anInvalidBlobrefInAValrefOrDirrefIsRejectedAndQuoted() {
    assertRejected("{\"data\":[\"" + REF + "\",\"sha1-xyz\"],\"type\":\"valref\",\"ver\":1}",
        "kvs: valref holds an invalid blobref: \"sha1-xyz\"");
    assertRejected("{\"data\":[\"" + REF.toUpperCase() + "\"],\"type\":\"dirref\",\"ver\":1}",
        "kvs: dirref holds an invalid blobref: \"" + REF.toUpperCase() + "\"");
  }

  @Test
  void aBlobrefListHoldingANonStringIsRejected() {
    assertRejected("{\"data\":[1],\"type\":\"valref\",\"ver\":1}",
        "kvs: treeobj blobref list must hold strings");
    assertRejected("{\"data\":[[\"" + REF + "\"]],\"type\":\"dirref\",\"ver\":1}",
        "blobref list must hold strings");
  }

  @Test
  void dirDataThatIsNotAnObjectIsRejected() {
    assertRejected("{\"data\":\"\",\"type\":\"dir\",\"ver\":1}", "kvs: dir data must be an object");
    assertRejected("{\"data\":[],\"type\":\"dir\",\"ver\":1}", "dir data must be an object");
  }

  @Test
  void aDirEntryThatIsNotAnObjectIsRejectedByName() {
    for (String entry : new String[] {"5", "\"x\"", "null", "[]", "[1,{\"a\":2}]", "true"}) {
      assertRejected(dir("\"a\":" + entry), "kvs: dir entry \"a\" must be a treeobj");
    }
  }

  @Test
  void aDirEntryThatIsAnArrayDoesNotDesynchronizeTheParser() {
    // The members after the array must still be read as dir entries, not as treeobj members.
    assertRejected(dir("\"a\":[],\"type\":\"dir\",\"ver\":1"),
        "kvs: dir entry \"a\" must be a treeobj");
  }

  @Test
  void anInvalidNestedEntryIsRejectedWithTheNestedReason() {
    assertRejected(dir("\"a\":{\"data\":\"\",\"type\":\"val\",\"ver\":2}"),
        "kvs: treeobj ver must be 1, not 2");
    assertRejected(dir("\"a\":" + dir("\"b\":{\"data\":[],\"type\":\"dirref\",\"ver\":1}")),
        "kvs: dirref data must be a non-empty array of blobrefs");
  }

  @Test
  void aSymlinkWithoutATargetIsRejected() {
    assertRejected(symlink("{\"namespace\":\"ns\"}"), "kvs: symlink target must be a non-empty string");
    assertRejected(symlink("{}"), "symlink target must be a non-empty string");
    assertRejected(symlink("{\"target\":\"\"}"), "symlink target must be a non-empty string");
  }

  @Test
  void aSymlinkWithAnEmptyNamespaceIsRejected() {
    assertRejected(symlink("{\"namespace\":\"\",\"target\":\"a\"}"),
        "kvs: symlink namespace must not be empty");
  }

  @Test
  void aSymlinkMemberThatIsNotAStringIsRejected() {
    assertRejected(symlink("{\"target\":1}"), "kvs: symlink target must be a string");
    assertRejected(symlink("{\"namespace\":null,\"target\":\"a\"}"),
        "kvs: symlink namespace must be a string");
  }

  @Test
  void aSymlinkWithAnUnknownMemberIsRejectedByName() {
    assertRejected(symlink("{\"target\":\"a\",\"owner\":\"x\"}"),
        "kvs: symlink data has unknown member \"owner\"");
  }

  @Test
  void symlinkDataThatIsNotAnObjectIsRejected() {
    assertRejected(symlink("\"a.b\""), "kvs: symlink data must be an object");
  }

  @Test
  void duplicateTreeobjMembersAreRejected() {
    assertRejected("{\"data\":\"\",\"type\":\"val\",\"ver\":1,\"ver\":1}",
        "kvs: treeobj has duplicate member ver");
    assertRejected("{\"data\":\"\",\"type\":\"val\",\"type\":\"val\",\"ver\":1}",
        "kvs: treeobj has duplicate member type");
    assertRejected("{\"data\":\"\",\"data\":\"\",\"type\":\"val\",\"ver\":1}",
        "kvs: treeobj has duplicate member data");
  }

  @Test
  void duplicateDirEntriesAndSymlinkMembersAreRejected() {
    String v = "{\"data\":\"\",\"type\":\"val\",\"ver\":1}";
    assertRejected(dir("\"a\":" + v + ",\"a\":" + v), "kvs: treeobj data has duplicate member \"a\"");
    assertRejected(symlink("{\"target\":\"a\",\"target\":\"b\"}"),
        "treeobj data has duplicate member \"target\"");
  }

  @Test
  void anythingAfterTheTreeobjIsRejected() {
    String ok = "{\"data\":\"\",\"type\":\"val\",\"ver\":1}";
    assertRejected(ok + " {}", "kvs: trailing data after treeobj");
    assertRejected(ok + ok, "kvs: trailing data after treeobj");
    assertRejected(ok + " 1", "kvs: trailing data after treeobj");
    assertRejected(ok + " x", "kvs: treeobj is not valid JSON");
    assertRejected(ok + "}", "kvs: treeobj is not valid JSON");
  }

  @Test
  void emptyInputIsRejected() {
    assertRejected("", "kvs: treeobj is empty");
    assertRejected("  \n ", "kvs: treeobj is empty");
  }

  @Test
  void textThatIsNotJsonIsRejected() {
    for (String json : new String[] {"nope", "{", "{\"data\":", "{'data':''}",
        "{\"data\":\"\",\"type\":\"val\",\"ver\":01}", "/* c */ {}"}) {
      assertRejected(json, "kvs: treeobj is not valid JSON");
    }
  }

  @Test
  void theValidBaselineOfEachCaseIsAccepted() {
    // Guards the helpers above: each rejection differs from valid text by the fault alone.
    assertThat(TreeObjCodec.decode(val("\"aGVsbG8=\""))).isEqualTo(TreeObj.Val.utf8("hello"));
    assertThat(TreeObjCodec.decode(dir("\"a\":{\"data\":\"\",\"type\":\"val\",\"ver\":1}")))
        .isEqualTo(TreeObjCodecTest.dirOf("a", TreeObj.Val.EMPTY));
    assertThat(TreeObjCodec.decode(symlink("{\"namespace\":\"ns\",\"target\":\"a\"}")))
        .isEqualTo(new TreeObj.Symlink("a", "ns"));
    assertThat(TreeObjCodec.decode("{\"data\":[\"" + REF + "\"],\"type\":\"dirref\",\"ver\":1}"))
        .isEqualTo(TreeObj.DirRef.of(BlobRef.parse(REF)));
  }

  private static String val(String data) {
    return "{\"data\":" + data + ",\"type\":\"val\",\"ver\":1}";
  }

  private static String dir(String entries) {
    return "{\"data\":{" + entries + "},\"type\":\"dir\",\"ver\":1}";
  }

  private static String symlink(String data) {
    return "{\"data\":" + data + ",\"type\":\"symlink\",\"ver\":1}";
  }

  /** Both decode entry points refuse {@code json} with a message containing {@code reason}. */
  private static void assertRejected(String json, String reason) {
    assertThatThrownBy(() -> TreeObjCodec.decode(json))
        .as("decode(String) of %s", json)
        .isInstanceOf(InvalidTreeObjException.class)
        .hasMessageStartingWith("kvs: ")
        .hasMessageContaining(reason);
    assertThatThrownBy(() -> TreeObjCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
        .as("decode(byte[]) of %s", json)
        .isInstanceOf(InvalidTreeObjException.class)
        .hasMessageContaining(reason);
  }
}
