package io.kvs.treeobj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlobRefTest {
  // printf hello | sha1sum ; printf hello | sha256sum
  private static final String SHA1_HELLO = "sha1-aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d";
  private static final String SHA256_HELLO =
      "sha256-2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  @Test
  void aSha1RefOf40LowercaseHexDigitsIsValid() {
    BlobRef ref = BlobRef.parse(SHA1_HELLO);

    assertThat(ref.value()).hasSize(45);
    assertThat(ref.algorithm()).isEqualTo(HashAlgorithm.SHA1);
    assertThat(ref).hasToString(SHA1_HELLO);
    assertThat(BlobRef.isValid(SHA1_HELLO)).isTrue();
  }

  @Test
  void aSha256RefOf64LowercaseHexDigitsIsValidAndTheLongestBlobref() {
    BlobRef ref = BlobRef.parse(SHA256_HELLO);

    assertThat(ref.value()).hasSize(BlobRef.MAX_STRING_LENGTH);
    assertThat(ref.algorithm()).isEqualTo(HashAlgorithm.SHA256);
    assertThat(BlobRef.tryParse(SHA256_HELLO)).contains(ref);
  }

  @Test
  void hashingNamesTheBlobWithTheAlgorithmPrefixAndItsLowercaseHexDigest() {
    byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);

    assertThat(HashAlgorithm.SHA1.hash(hello)).isEqualTo(BlobRef.parse(SHA1_HELLO));
    assertThat(HashAlgorithm.SHA256.hash(hello)).isEqualTo(BlobRef.parse(SHA256_HELLO));
  }

  @Test
  void digestBytesAboveSevenBitsBecomeTwoLowercaseHexDigits() {
    byte[] digest = new byte[20];
    digest[0] = (byte) 0xff;
    digest[1] = (byte) 0x80;
    digest[19] = (byte) 0x0a;

    assertThat(BlobRef.of(HashAlgorithm.SHA1, digest).value())
        .isEqualTo("sha1-ff80" + "00".repeat(17) + "0a");
  }

  @Test
  void anUnknownHashNameIsRejected() {
    assertRejected("md5-" + "0".repeat(32));
    assertRejected("sha512-" + "0".repeat(128));
    assertRejected("SHA1-" + "0".repeat(40));
    assertRejected("sha-1-" + "0".repeat(40));
  }

  @Test
  void aDigestOfTheWrongLengthForItsHashIsRejected() {
    assertRejected("sha1-" + "0".repeat(39));
    assertRejected("sha1-" + "0".repeat(41));
    assertRejected("sha1-" + "0".repeat(64));
    assertRejected("sha256-" + "0".repeat(40));
    assertRejected("sha256-" + "0".repeat(63));
    assertRejected("sha256-");
  }

  @Test
  void uppercaseOrNonHexDigitsAreRejected() {
    assertRejected("sha1-AAF4C61DDCC5E8A2DABEDE0F3B482CD9AEA9434D");
    assertRejected("sha1-aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434D");
    assertRejected("sha1-aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434g");
    assertRejected("sha1-aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434-");
    assertRejected(" " + SHA1_HELLO);
    assertRejected(SHA1_HELLO.substring(0, 44) + " ");
  }

  @Test
  void nullEmptyAndDashlessStringsAreRejected() {
    assertRejected(null);
    assertRejected("");
    assertRejected("-");
    assertRejected("sha1");
    assertRejected("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
  }

  @Test
  void theRejectionMessageQuotesTheOffendingText() {
    assertThatThrownBy(() -> BlobRef.parse("sha1-xyz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kvs: invalid blobref: \"sha1-xyz\"");
    assertThatThrownBy(() -> new BlobRef(null)).hasMessage("kvs: invalid blobref: null");
  }

  @Test
  void blobrefsOrderByTheirText() {
    BlobRef a = BlobRef.parse("sha1-" + "0".repeat(40));
    BlobRef b = BlobRef.parse("sha1-" + "a".repeat(40));

    assertThat(a).isLessThan(b);
    assertThat(b.compareTo(BlobRef.parse("sha1-" + "a".repeat(40)))).isZero();
  }

  @Test
  void aBlobrefTravelsInJsonAsItsPlainString() throws Exception {
    ObjectMapper mapper = new ObjectMapper();

    assertThat(mapper.writeValueAsString(BlobRef.parse(SHA1_HELLO)))
        .isEqualTo("\"" + SHA1_HELLO + "\"");
    assertThat(mapper.readValue("\"" + SHA256_HELLO + "\"", BlobRef.class))
        .isEqualTo(BlobRef.parse(SHA256_HELLO));
    assertThatThrownBy(() -> mapper.readValue("\"sha1-nope\"", BlobRef.class))
        .hasMessageContaining("kvs: invalid blobref");
  }

  @Test
  void byNameFindsEachSupportedAlgorithmIgnoringCase() {
    assertThat(HashAlgorithm.byName("sha1")).isEqualTo(HashAlgorithm.SHA1);
    assertThat(HashAlgorithm.byName("sha256")).isEqualTo(HashAlgorithm.SHA256);
    assertThat(HashAlgorithm.byName("SHA256")).isEqualTo(HashAlgorithm.SHA256);
    assertThat(HashAlgorithm.SHA1.prefix()).isEqualTo("sha1");
    assertThat(HashAlgorithm.SHA1.digestLength()).isEqualTo(20);
    assertThat(HashAlgorithm.SHA256.digestLength()).isEqualTo(32);
  }

  @Test
  void byNameRejectsAnUnknownAlgorithmAndListsTheSupportedOnes() {
    assertThatThrownBy(() -> HashAlgorithm.byName("md5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kvs: unknown hash algorithm: md5 (sha1, sha256)");
    assertThatThrownBy(() -> HashAlgorithm.byName("SHA-256"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashAlgorithm.byName(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRejected(String s) {
    assertThat(BlobRef.isValid(s)).as("isValid(%s)", s).isFalse();
    assertThat(BlobRef.tryParse(s)).as("tryParse(%s)", s).isEmpty();
    assertThatThrownBy(() -> BlobRef.parse(s))
        .as("parse(%s)", s)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("kvs: invalid blobref: ");
  }
}
