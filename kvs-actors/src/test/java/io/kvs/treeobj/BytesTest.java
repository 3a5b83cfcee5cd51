package io.kvs.treeobj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BytesTest {
  @Test
  void bytesWithTheSameContentAreEqualAndHashAlike() {
    Bytes a = Bytes.of(new byte[] {1, 2, 3});
    Bytes b = Bytes.wrap(new byte[] {1, 2, 3});

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Bytes.of(new byte[] {1, 2, 4}));
    assertThat(a).isNotEqualTo(Bytes.of(new byte[] {1, 2}));
    assertThat(a).isNotEqualTo(new byte[] {1, 2, 3});
  }

  @Test
  void ofCopiesItsArgumentSoLaterChangesDoNotLeakIn() {
    byte[] src = {1, 2, 3};
    Bytes b = Bytes.of(src);
    src[0] = 9;

    assertThat(b.toArray()).containsExactly(1, 2, 3);
  }

  @Test
  void toArrayReturnsACopySoChangesDoNotLeakOut() {
    Bytes b = Bytes.of(new byte[] {1, 2, 3});
    b.toArray()[0] = 9;

    assertThat(b.toArray()).containsExactly(1, 2, 3);
  }

  @Test
  void everyEmptyInputIsTheSharedEmptyInstance() {
    assertThat(Bytes.of(new byte[0])).isSameAs(Bytes.EMPTY);
    assertThat(Bytes.wrap(new byte[0])).isSameAs(Bytes.EMPTY);
    assertThat(Bytes.utf8("")).isSameAs(Bytes.EMPTY);
    assertThat(Bytes.fromBase64("")).isSameAs(Bytes.EMPTY);
    assertThat(Bytes.EMPTY.length()).isZero();
  }

  @Test
  void base64RoundTripKeepsEveryByteValue() {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    Bytes b = Bytes.of(all);

    assertThat(b.toBase64()).isEqualTo(Base64.getEncoder().encodeToString(all));
    assertThat(Bytes.fromBase64(b.toBase64())).isEqualTo(b);
  }

  @Test
  void base64IsTheStandardPaddedAlphabet() {
    assertThat(Bytes.utf8("hello").toBase64()).isEqualTo("aGVsbG8=");
    assertThat(Bytes.of(new byte[] {(byte) 0xfb, (byte) 0xff}).toBase64()).isEqualTo("+/8=");
    assertThat(Bytes.fromBase64("aGVsbG8=").toUtf8()).isEqualTo("hello");
  }

  @Test
  void textThatIsNotBase64IsRejected() {
    assertThatThrownBy(() -> Bytes.fromBase64("not base64!"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bytes.fromBase64("-_8="))
        .as("the URL-safe alphabet is not accepted")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bytes.fromBase64("aGVs\nbG8="))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void base64LengthMatchesTheActualEncodingForLengthsZeroToTen() {
    Random random = new Random(42);
    int[] expected = {0, 4, 4, 4, 8, 8, 8, 12, 12, 12, 16};
    for (int n = 0; n <= 10; n++) {
      byte[] data = new byte[n];
      random.nextBytes(data);
      Bytes b = Bytes.of(data);

      assertThat(b.base64Length()).as("length %d", n).isEqualTo(b.toBase64().length());
      assertThat(b.base64Length()).as("length %d", n).isEqualTo(expected[n]);
    }
  }

  @Test
  void fiftyFourBytesIsTheLongestValueWhoseBase64StaysInline() {
    assertThat(Bytes.of(new byte[54]).base64Length()).isEqualTo(Limits.INLINE_BASE64_MAX);
    assertThat(Bytes.of(new byte[55]).base64Length()).isGreaterThan(Limits.INLINE_BASE64_MAX);
  }

  @Test
  void concatAppendsTheOtherBytes() {
    Bytes ab = Bytes.utf8("ab").concat(Bytes.utf8("cd"));

    assertThat(ab).isEqualTo(Bytes.utf8("abcd"));
    assertThat(Bytes.EMPTY.concat(Bytes.EMPTY)).isSameAs(Bytes.EMPTY);
    assertThat(Bytes.utf8("x").concat(Bytes.EMPTY)).isEqualTo(Bytes.utf8("x"));
  }

  @Test
  void utf8RoundTripKeepsNonAsciiText() {
    String s = "é€😀";
    Bytes b = Bytes.utf8(s);

    assertThat(b.length()).isEqualTo(2 + 3 + 4);
    assertThat(b.toUtf8()).isEqualTo(s);
  }

  @Test
  void toStringShowsTheLengthNotTheContent() {
    assertThat(Bytes.utf8("secret")).hasToString("Bytes[6]");
  }

  @Test
  void bytesTravelInJsonAsABase64String() throws Exception {
    ObjectMapper mapper = new ObjectMapper();

    assertThat(mapper.writeValueAsString(Bytes.utf8("hello"))).isEqualTo("\"aGVsbG8=\"");
    assertThat(mapper.readValue("\"aGVsbG8=\"", Bytes.class)).isEqualTo(Bytes.utf8("hello"));
  }
}
