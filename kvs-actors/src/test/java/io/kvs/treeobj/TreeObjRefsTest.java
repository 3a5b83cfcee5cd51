package io.kvs.treeobj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeObjRefsTest {
  private static final BlobRef A = HashAlgorithm.SHA256.hash("a".getBytes(StandardCharsets.UTF_8));
  private static final BlobRef B = HashAlgorithm.SHA256.hash("b".getBytes(StandardCharsets.UTF_8));
  private static final BlobRef C = HashAlgorithm.SHA256.hash("c".getBytes(StandardCharsets.UTF_8));
  private static final BlobRef D = HashAlgorithm.SHA1.hash("d".getBytes(StandardCharsets.UTF_8));

  /** What a scan reported: "dir " or "data " then the blobref, in order. */
  private static List<String> scan(byte[] json) {
    List<String> seen = new ArrayList<>();
    TreeObjRefs.scan(json, new TreeObjRefs.Sink() {
      @Override
      public void directory(BlobRef ref) {
        seen.add("dir " + ref.value());
      }

      @Override
      public void data(BlobRef ref) {
        seen.add("data " + ref.value());
      }
    });
    return seen;
  }

  private static List<String> scan(TreeObj obj) {
    return scan(TreeObjCodec.encode(obj));
  }

  @Test
  void aDirectorysDirrefsAndValrefsAreReportedAtAnyDepthOfInlineDirectories() {
    TreeObj dir = new TreeObj.Dir(Map.of(
        "sub", TreeObj.DirRef.of(A),
        "log", new TreeObj.ValRef(List.of(B, C)),
        "inline", new TreeObj.Dir(Map.of("deep", TreeObj.ValRef.of(D))),
        "small", TreeObj.Val.utf8("x"),
        "link", TreeObj.Symlink.to("sub")));
    assertThat(scan(dir)).containsExactlyInAnyOrder("dir " + A.value(), "data " + B.value(),
        "data " + C.value(), "data " + D.value());
  }

  @Test
  void entryNamesThatLookLikeMembersOrBlobrefsAreOnlyNames() {
    TreeObj dir = new TreeObj.Dir(Map.of(
        "type", TreeObj.DirRef.of(A),
        "data", TreeObj.Val.utf8(B.value()),
        B.value(), TreeObj.Val.utf8("dirref")));
    assertThat(scan(dir)).containsExactly("dir " + A.value());
  }

  @Test
  void valuesSymlinksAndEmptyDirectoriesReferToNothing() {
    assertThat(scan(TreeObj.Val.utf8(A.value()))).isEmpty();
    assertThat(scan(TreeObj.Symlink.to(A.value()))).isEmpty();
    assertThat(scan(new TreeObj.Dir(Map.of()))).isEmpty();
  }

  @Test
  void aTopLevelRefIsReportedAsItsType() {
    assertThat(scan(TreeObj.DirRef.of(A))).containsExactly("dir " + A.value());
    assertThat(scan(new TreeObj.ValRef(List.of(A, B))))
        .containsExactly("data " + A.value(), "data " + B.value());
  }

  @Test
  void anInvalidReferenceStringIsSkipped() {
    String json = "{\"data\":[\"sha256-nothex\",\"" + A.value()
        + "\"],\"type\":\"valref\",\"ver\":1}";
    assertThat(scan(json.getBytes(StandardCharsets.UTF_8))).containsExactly("data " + A.value());
  }

  @Test
  void bytesThatAreNotAJsonObjectAreRefused() {
    assertThatThrownBy(() -> scan("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidTreeObjException.class);
    assertThatThrownBy(() -> scan("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidTreeObjException.class);
  }
}
