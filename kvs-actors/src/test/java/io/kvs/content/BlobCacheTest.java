package io.kvs.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import org.junit.jupiter.api.Test;

class BlobCacheTest {
  private static BlobRef ref(Bytes b) {
    return HashAlgorithm.SHA256.hash(b.unsafeArray());
  }

  private static Bytes bytes(int n, int fill) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) fill);
    return Bytes.wrap(b);
  }

  @Test
  void theLeastRecentlyUsedBlobsAreEvictedBeyondTheByteBound() {
    BlobCache cache = new BlobCache(300);
    Bytes a = bytes(100, 1);
    Bytes b = bytes(100, 2);
    Bytes c = bytes(100, 3);
    Bytes d = bytes(100, 4);
    cache.put(ref(a), a);
    cache.put(ref(b), b);
    cache.put(ref(c), c);
    assertThat(cache.raw(ref(a))).isEqualTo(a); // a is now the most recently used
    cache.put(ref(d), d);
    assertThat(cache.raw(ref(b))).as("b was least recently used").isNull();
    assertThat(cache.raw(ref(a))).isEqualTo(a);
    assertThat(cache.raw(ref(c))).isEqualTo(c);
    assertThat(cache.raw(ref(d))).isEqualTo(d);
    assertThat(cache.bytes()).isEqualTo(300);
    assertThat(cache.evictions()).isEqualTo(1);
    assertThat(cache.faults()).isEqualTo(4);
  }

  @Test
  void aBlobLargerThanTheBoundIsKeptAloneUntilTheNextPut() {
    BlobCache cache = new BlobCache(50);
    Bytes small = bytes(10, 1);
    Bytes big = bytes(80, 2);
    cache.put(ref(small), small);
    cache.put(ref(big), big);
    assertThat(cache.raw(ref(big))).isEqualTo(big);
    assertThat(cache.raw(ref(small))).isNull();
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void treeObjectsAreDecodedFromCachedBytesAndUnknownRefsAreNull() {
    BlobCache cache = new BlobCache(1 << 20);
    Bytes dir = Bytes.wrap(TreeObjCodec.encode(
        new TreeObj.Dir(java.util.Map.of("k", TreeObj.Val.utf8("v")))));
    cache.put(ref(dir), dir);
    assertThat(cache.object(ref(dir))).isInstanceOf(TreeObj.Dir.class);
    assertThat(cache.object(ref(bytes(3, 9)))).isNull();
    assertThat(cache.raw(ref(bytes(3, 9)))).isNull();
  }

  @Test
  void puttingTheSameBlobTwiceCountsItsBytesOnce() {
    BlobCache cache = new BlobCache(1000);
    Bytes a = bytes(100, 1);
    cache.put(ref(a), a);
    cache.put(ref(a), a);
    assertThat(cache.bytes()).isEqualTo(100);
    assertThat(cache.size()).isEqualTo(1);
  }
}
