package io.kvs.treeobj;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeObjCodecTest {
  // Computed with the shell, not with the code under test (see golden/blobref-empty-dir.txt):
  //   printf '%s' '{"data":{},"type":"dir","ver":1}' | sha1sum   (and sha256sum)
  //   printf hello | sha256sum ; printf '' | sha256sum
  static final BlobRef EMPTY_DIR_SHA256 =
      BlobRef.parse("sha256-61b85efa2a76db9377692c700b4e1edfc480bf224e0e9764b76f8082159d0ca0");
  static final BlobRef HELLO_SHA256 =
      BlobRef.parse("sha256-2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  static final BlobRef NOTHING_SHA256 =
      BlobRef.parse("sha256-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  static final TreeObj VAL = TreeObj.Val.utf8("hello");
  static final TreeObj VALREF = new TreeObj.ValRef(List.of(HELLO_SHA256, NOTHING_SHA256));
  static final TreeObj DIRREF = TreeObj.DirRef.of(EMPTY_DIR_SHA256);
  static final TreeObj SYMLINK = TreeObj.Symlink.to("a.b.c");
  static final TreeObj SYMLINK_NS = new TreeObj.Symlink(".", "job-42");
  static final TreeObj DIR = dirOf(
      "c", new TreeObj.Dir(Map.of("x", TreeObj.Val.EMPTY)),
      "ba", TreeObj.Symlink.to("a"),
      "b", VAL,
      "a", DIRREF);

  @Test
  void theEmptyDirIsEncodedAsCompactJsonWithSortedMembers() {
    assertThat(TreeObjCodec.encodeToString(TreeObj.Dir.EMPTY))
        .isEqualTo("{\"data\":{},\"type\":\"dir\",\"ver\":1}");
  }

  @Test
  void theEmptyDirHashesToTheBlobrefsComputedByTheShell() {
    List<String> golden = Golden.lines("blobref-empty-dir.txt");
    byte[] encoded = TreeObjCodec.encode(TreeObj.Dir.EMPTY);

    assertThat(golden).hasSize(2);
    assertThat(HashAlgorithm.SHA1.hash(encoded)).isEqualTo(BlobRef.parse(golden.get(0)));
    assertThat(HashAlgorithm.SHA256.hash(encoded)).isEqualTo(BlobRef.parse(golden.get(1)));
    assertThat(BlobRef.parse(golden.get(1))).isEqualTo(EMPTY_DIR_SHA256);
  }

  @Test
  void aValIsEncodedAsItsGoldenJson() {
    assertEncodesAsGolden(VAL, "treeobj-val.json");
  }

  @Test
  void aValrefIsEncodedAsItsGoldenJsonKeepingBlobOrder() {
    assertEncodesAsGolden(VALREF, "treeobj-valref.json");
  }

  @Test
  void aDirIsEncodedAsItsGoldenJsonWithEntriesSortedWhateverTheInsertionOrder() {
    assertEncodesAsGolden(DIR, "treeobj-dir.json");
  }

  @Test
  void aDirrefIsEncodedAsItsGoldenJson() {
    assertEncodesAsGolden(DIRREF, "treeobj-dirref.json");
  }

  @Test
  void aSymlinkIsEncodedAsItsGoldenJsonWithoutANamespaceMember() {
    assertEncodesAsGolden(SYMLINK, "treeobj-symlink.json");
  }

  @Test
  void aSymlinkToAnotherNamespaceIsEncodedWithNamespaceBeforeTarget() {
    assertEncodesAsGolden(SYMLINK_NS, "treeobj-symlink-ns.json");
  }

  @Test
  void decodingTheEncodingOfEveryTypeGivesAnEqualObject() {
    for (TreeObj obj : List.of(VAL, TreeObj.Val.EMPTY, VALREF, DIRREF, SYMLINK, SYMLINK_NS, DIR,
        TreeObj.Dir.EMPTY)) {
      assertThat(TreeObjCodec.decode(TreeObjCodec.encode(obj))).as(obj.type()).isEqualTo(obj);
      assertThat(TreeObjCodec.decode(TreeObjCodec.encodeToString(obj))).isEqualTo(obj);
    }
  }

  @Test
  void aZeroLengthValIsAnEmptyBase64String() {
    assertThat(TreeObjCodec.encodeToString(TreeObj.Val.EMPTY))
        .isEqualTo("{\"data\":\"\",\"type\":\"val\",\"ver\":1}");
  }

  @Test
  void nonCanonicalInputDecodesToTheSameObjectAndReencodesCanonically() {
    String loose = " { \"ver\" : 1 , \"type\" : \"dir\" ,\n \"data\" : { \"b\" : "
        + "{\"ver\":1,\"data\":\"aGVsbG8=\",\"type\":\"val\"}, \"a\" : {\"type\":\"dirref\","
        + "\"ver\":1,\"data\":[\"" + EMPTY_DIR_SHA256 + "\"]} } } ";

    TreeObj obj = TreeObjCodec.decode(loose);

    assertThat(obj).isEqualTo(dirOf("a", DIRREF, "b", VAL));
    assertThat(TreeObjCodec.encodeToString(obj)).isEqualTo("{\"data\":{\"a\":"
        + Golden.line("treeobj-dirref.json") + ",\"b\":" + Golden.line("treeobj-val.json")
        + "},\"type\":\"dir\",\"ver\":1}");
  }

  @Test
  void keysSortByCodePointSoASupplementaryCharacterFollowsThePrivateUseArea() {
    String privateUse = "\uE000";
    String grinning = "\uD83D\uDE00"; // U+1F600, a surrogate pair in UTF-16

    assertThat(privateUse.compareTo(grinning)).as("UTF-16 order differs").isPositive();
    assertThat(TreeObjCodec.KEY_ORDER.compare(privateUse, grinning)).isNegative();
    assertThat(TreeObjCodec.KEY_ORDER.compare(grinning, privateUse)).isPositive();
    assertThat(TreeObjCodec.KEY_ORDER.compare(grinning, grinning)).isZero();
  }

  @Test
  void keysSortByCodePointWithAPrefixFirst() {
    assertThat(TreeObjCodec.KEY_ORDER.compare("a", "b")).isNegative();
    assertThat(TreeObjCodec.KEY_ORDER.compare("b", "ba")).isNegative();
    assertThat(TreeObjCodec.KEY_ORDER.compare("ba", "b")).isPositive();
    assertThat(TreeObjCodec.KEY_ORDER.compare("", "a")).isNegative();
    assertThat(TreeObjCodec.KEY_ORDER.compare("Z", "a")).isNegative();
  }

  @Test
  void dirEntriesAreEncodedInUtf8ByteOrder() {
    String grinning = "\uD83D\uDE00";
    TreeObj dir = dirOf(grinning, VAL, "\uE000", VAL, "\u00e9", VAL, "ba", VAL, "b", VAL, "a", VAL);
    String v = Golden.line("treeobj-val.json");

    assertThat(((TreeObj.Dir) dir).entries().keySet())
        .containsExactly("a", "b", "ba", "\u00e9", "\uE000", grinning);
    assertThat(TreeObjCodec.encodeToString(dir)).isEqualTo("{\"data\":{\"a\":" + v + ",\"b\":" + v
        + ",\"ba\":" + v + ",\"\u00e9\":" + v + ",\"\uE000\":" + v + ",\"" + grinning + "\":" + v
        + "},\"type\":\"dir\",\"ver\":1}");
    assertThat(TreeObjCodec.decode(TreeObjCodec.encode(dir))).isEqualTo(dir);
  }

  @Test
  void stringsEscapeQuotesBackslashesAndControlCharactersLikeJansson() {
    String target = "a\"b\\c/d\u0001\u001f\t\n\r\b\f\u007f";

    assertThat(TreeObjCodec.encodeToString(TreeObj.Symlink.to(target))).isEqualTo(
        "{\"data\":{\"target\":\"a\\\"b\\\\c/d\\u0001\\u001F\\t\\n\\r\\b\\f\u007f\"},"
            + "\"type\":\"symlink\",\"ver\":1}");
    assertThat(TreeObjCodec.decode(TreeObjCodec.encode(TreeObj.Symlink.to(target))))
        .isEqualTo(TreeObj.Symlink.to(target));
  }

  @Test
  void nonAsciiTextIsWrittenAsRawUtf8NotEscaped() {
    String key = "\u00e9\u20ac\uD83D\uDE00"; // é € U+1F600
    byte[] encoded = TreeObjCodec.encode(dirOf(key, TreeObj.Val.EMPTY));

    byte[] expected = ("{\"data\":{\"" + key + "\":{\"data\":\"\",\"type\":\"val\",\"ver\":1}},"
        + "\"type\":\"dir\",\"ver\":1}").getBytes(StandardCharsets.UTF_8);
    assertThat(encoded).containsExactly(expected);
    assertThat(new String(encoded, StandardCharsets.ISO_8859_1)).doesNotContain("\\u");
    assertThat(TreeObjCodec.decode(encoded)).isEqualTo(dirOf(key, TreeObj.Val.EMPTY));
  }

  @Test
  void aCharacterAboveUffffInAStringValueIsWrittenAsFourRawUtf8Bytes() {
    String target = "\uD83D\uDE00"; // U+1F600

    byte[] encoded = TreeObjCodec.encode(TreeObj.Symlink.to(target));

    assertThat(new String(encoded, StandardCharsets.UTF_8))
        .isEqualTo("{\"data\":{\"target\":\"" + target + "\"},\"type\":\"symlink\",\"ver\":1}");
    assertThat(encoded).containsSequence((byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80);
  }

  @Test
  void aLoneSurrogateSurvivesEncodingAsAnEscape() {
    TreeObj lone = TreeObjCodec.decode(
        "{\"data\":{\"target\":\"x\\ud800y\"},\"type\":\"symlink\",\"ver\":1}");

    byte[] encoded = TreeObjCodec.encode(lone);

    assertThat(lone).isEqualTo(TreeObj.Symlink.to("x\uD800y"));
    assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("x\\uD800y");
    assertThat(TreeObjCodec.decode(encoded)).isEqualTo(lone);
  }

  @Test
  void escapedInputDecodesToTheSameTextAsRawInput() {
    TreeObj escaped = TreeObjCodec.decode(
        "{\"data\":{\"target\":\"\\u00e9\\/\\ud83d\\ude00\"},\"type\":\"symlink\",\"ver\":1}");

    assertThat(escaped).isEqualTo(TreeObj.Symlink.to("\u00e9/\uD83D\uDE00"));
  }

  @Test
  void dirsWithTheSameEntriesAreEqualAndEncodeIdentically() {
    TreeObj one = dirOf("x", VAL, "y", SYMLINK);
    TreeObj other = dirOf("y", SYMLINK, "x", VAL);

    assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    assertThat(TreeObjCodec.encode(one)).isEqualTo(TreeObjCodec.encode(other));
  }

  private static void assertEncodesAsGolden(TreeObj obj, String goldenFile) {
    String golden = Golden.line(goldenFile);

    assertThat(TreeObjCodec.encodeToString(obj)).isEqualTo(golden);
    assertThat(TreeObjCodec.encode(obj)).containsExactly(golden.getBytes(StandardCharsets.UTF_8));
    assertThat(TreeObjCodec.decode(golden)).isEqualTo(obj);
  }

  /** A dir from name, treeobj pairs, inserted in the order given. */
  static TreeObj dirOf(Object... pairs) {
    Map<String, TreeObj> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (TreeObj) pairs[i + 1]);
    }
    return new TreeObj.Dir(m);
  }
}
