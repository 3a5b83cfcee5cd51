package io.kvs.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.InvalidTreeObjException;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import org.junit.jupiter.api.Test;

class MemoryContentStoreTest {
  // printf hello | sha1sum ; printf hello | sha256sum
  private static final BlobRef HELLO_SHA1 =
      BlobRef.parse("sha1-aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
  private static final BlobRef HELLO_SHA256 =
      BlobRef.parse("sha256-2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  // printf '%s' '{"data":{},"type":"dir","ver":1}' | sha256sum
  private static final BlobRef EMPTY_DIR_SHA256 =
      BlobRef.parse("sha256-61b85efa2a76db9377692c700b4e1edfc480bf224e0e9764b76f8082159d0ca0");

  private final MemoryContentStore store = new MemoryContentStore(HashAlgorithm.SHA256, 1 << 20);

  @Test
  void aDirectoryStoredWithItsTreeObjectIsReadWithoutDecoding() {
    io.kvs.treeobj.TreeObj.Dir dir = new io.kvs.treeobj.TreeObj.Dir(
        java.util.Map.of("k", io.kvs.treeobj.TreeObj.Val.utf8("v")));
    Bytes raw = Bytes.wrap(io.kvs.treeobj.TreeObjCodec.encode(dir));
    BlobRef ref = HashAlgorithm.SHA256.hash(raw.unsafeArray());
    store.storeHashed(ref, raw, dir);
    assertThat(store.object(ref)).isSameAs(dir);
    assertThat(store.raw(ref)).isEqualTo(raw);
  }

  @Test
  void storeReturnsTheBlobrefOfTheBytesUnderTheStoreHash() {
    assertThat(store.store(Bytes.utf8("hello"))).isEqualTo(HELLO_SHA256);
    assertThat(new MemoryContentStore(HashAlgorithm.SHA1, 100).store(Bytes.utf8("hello")))
        .isEqualTo(HELLO_SHA1);
    assertThat(store.hash()).isEqualTo(HashAlgorithm.SHA256);
  }

  @Test
  void rawLoadsTheStoredBytes() {
    BlobRef ref = store.store(Bytes.utf8("hello"));

    assertThat(store.raw(ref)).isEqualTo(Bytes.utf8("hello"));
  }

  @Test
  void objectDecodesAStoredTreeobj() {
    BlobRef ref = store.store(Bytes.wrap(TreeObjCodec.encode(TreeObj.Dir.EMPTY)));

    assertThat(ref).isEqualTo(EMPTY_DIR_SHA256);
    assertThat(store.object(ref)).isEqualTo(TreeObj.Dir.EMPTY);
  }

  @Test
  void objectDecodesEachBlobOnceAndReturnsTheCachedInstance() {
    TreeObj dir = new TreeObj.Dir(java.util.Map.of("a", TreeObj.Val.utf8("x")));
    BlobRef ref = store.store(Bytes.wrap(TreeObjCodec.encode(dir)));

    TreeObj first = store.object(ref);

    assertThat(first).isEqualTo(dir);
    assertThat(store.object(ref)).isSameAs(first);
  }

  @Test
  void unknownRefsAreNotHere() {
    assertThat(store.raw(HELLO_SHA256)).isNull();
    assertThat(store.object(EMPTY_DIR_SHA256)).isNull();
  }

  @Test
  void storingTheSameBytesTwiceKeepsOneBlobAndCountsItsBytesOnce() {
    BlobRef first = store.store(Bytes.utf8("hello"));
    BlobRef second = store.store(Bytes.utf8("hello"));
    store.storeHashed(first, Bytes.utf8("hello"));

    assertThat(second).isEqualTo(first);
    assertThat(store.blobCount()).isEqualTo(1);
    assertThat(store.totalBytes()).isEqualTo(5);
  }

  @Test
  void countsAddUpOverDistinctBlobs() {
    store.store(Bytes.utf8("hello"));
    store.store(Bytes.utf8("world!"));
    store.store(Bytes.EMPTY);

    assertThat(store.blobCount()).isEqualTo(3);
    assertThat(store.totalBytes()).isEqualTo(11);
  }

  @Test
  void storeHashedKeepsTheBytesUnderTheCallersRef() {
    store.storeHashed(HELLO_SHA256, Bytes.utf8("hello"));

    assertThat(store.raw(HELLO_SHA256)).isEqualTo(Bytes.utf8("hello"));
    assertThat(store.totalBytes()).isEqualTo(5);
  }

  @Test
  void aBlobExactlyAtTheLimitIsAccepted() {
    MemoryContentStore small = new MemoryContentStore(HashAlgorithm.SHA256, 5);

    BlobRef ref = small.store(Bytes.utf8("hello"));

    assertThat(small.raw(ref)).isEqualTo(Bytes.utf8("hello"));
    assertThat(small.blobSizeLimit()).isEqualTo(5);
  }

  @Test
  void aBlobBeyondTheLimitFailsWithFileTooBigAndIsNotStored() {
    MemoryContentStore small = new MemoryContentStore(HashAlgorithm.SHA256, 4);

    assertThatThrownBy(() -> small.store(Bytes.utf8("hello")))
        .isInstanceOfSatisfying(KvsException.class, e -> {
          assertThat(e.error()).isEqualTo(KvsError.FILE_TOO_BIG);
          assertThat(e.error().symbol()).isEqualTo("EFBIG");
          assertThat(e.text()).startsWith("kvs: ").contains("5 bytes").contains("limit of 4 bytes");
        });
    assertThatThrownBy(() -> small.storeHashed(HELLO_SHA256, Bytes.utf8("hello")))
        .isInstanceOf(KvsException.class)
        .extracting(e -> ((KvsException) e).error())
        .isEqualTo(KvsError.FILE_TOO_BIG);
    assertThat(small.blobCount()).isZero();
    assertThat(small.totalBytes()).isZero();
    assertThat(small.raw(HELLO_SHA256)).isNull();
  }

  @Test
  void aZeroLimitStoreAcceptsOnlyTheEmptyBlob() {
    MemoryContentStore none = new MemoryContentStore(HashAlgorithm.SHA1, 0);

    assertThat(none.store(Bytes.EMPTY)).isNotNull();
    assertThatThrownBy(() -> none.store(Bytes.utf8("x"))).isInstanceOf(KvsException.class);
  }

  @Test
  void aNegativeLimitIsRefused() {
    assertThatThrownBy(() -> new MemoryContentStore(HashAlgorithm.SHA1, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void objectOnABlobThatIsNotATreeobjThrowsInvalidTreeObjButRawStillWorks() {
    BlobRef notJson = store.store(Bytes.utf8("hello"));
    BlobRef notTreeobj = store.store(Bytes.utf8("{\"data\":\"\",\"type\":\"val\",\"ver\":2}"));

    assertThatThrownBy(() -> store.object(notJson))
        .isInstanceOf(InvalidTreeObjException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> store.object(notTreeobj))
        .isInstanceOf(InvalidTreeObjException.class)
        .hasMessageContaining("ver must be 1");
    assertThatThrownBy(() -> store.object(notJson))
        .as("a failed decode is not cached as a value")
        .isInstanceOf(InvalidTreeObjException.class);
    assertThat(store.raw(notJson)).isEqualTo(Bytes.utf8("hello"));
  }

  @Test
  void theFileTooBigFailureSurvivesAJacksonRoundTripWithItsErrorAndText() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    KvsException failure = null;
    try {
      new MemoryContentStore(HashAlgorithm.SHA256, 1).store(Bytes.utf8("hello"));
    } catch (KvsException e) {
      failure = e;
    }
    assertThat(failure).isNotNull();

    String json = mapper.writeValueAsString(failure);
    KvsException back = mapper.readValue(json, KvsException.class);

    assertThat(json).isEqualTo("{\"error\":\"FILE_TOO_BIG\",\"text\":"
        + mapper.writeValueAsString(failure.text()) + "}");
    assertThat(back).isEqualTo(failure);
    assertThat(back.error()).isEqualTo(KvsError.FILE_TOO_BIG);
    assertThat(back.text()).isEqualTo(failure.text());
    assertThat(back.getMessage()).isEqualTo(failure.getMessage());
  }
}
