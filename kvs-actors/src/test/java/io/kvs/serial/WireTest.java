package io.kvs.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {

  private static WireIn in(WireOut out) {
    return new WireIn(out.toByteArray());
  }

  @Test
  void numbersComeBackWhateverTheirSize() {
    long[] values = {0, 1, -1, 63, -64, 64, 127, 128, 300, Integer.MAX_VALUE, Integer.MIN_VALUE,
        Long.MAX_VALUE, Long.MIN_VALUE};
    WireOut out = new WireOut(1);
    for (long v : values) {
      out.writeSignedLong(v);
      out.writeVarLong(v);
    }
    out.writeInt(-17);
    WireIn in = in(out);
    for (long v : values) {
      assertThat(in.readSignedLong()).isEqualTo(v);
      assertThat(in.readVarLong()).isEqualTo(v);
    }
    assertThat(in.readInt()).isEqualTo(-17);
    in.end();
  }

  @Test
  void smallNumbersTakeOneByte() {
    WireOut out = new WireOut(1);
    out.writeSignedLong(-1);
    out.writeSignedLong(63);
    out.writeVarLong(127);
    assertThat(out.toByteArray()).hasSize(3);
  }

  @Test
  void anyJavaStringComesBackIntactNullIncluded() {
    List<String> strings = Arrays.asList("", "job-1", "a\u0000b", "é\u07ff\u0800\uffff",
        "\ud83d\ude00", "lone \ud800 high", "lone \udc00 low", null, "x".repeat(70_000),
        "ascii then \u00e9", "ascii then \u0000", "y".repeat(200) + "\u20ac");
    WireOut out = new WireOut(4);
    for (String s : strings) {
      out.writeString(s);
    }
    WireIn in = in(out);
    for (String s : strings) {
      assertThat(in.readString()).isEqualTo(s);
    }
    in.end();
  }

  @Test
  void byteStringsAndListsComeBack() {
    WireOut out = new WireOut(1);
    out.writeBytes(new byte[] {0, -1, 7});
    out.writeBytes(null);
    out.writeBytes(new byte[0]);
    out.writeStrings(List.of("a", "b"));
    out.writeBoolean(true);
    WireIn in = in(out);
    assertThat(in.readBytes()).containsExactly(0, -1, 7);
    assertThat(in.readBytes()).isNull();
    assertThat(in.readBytes()).isEmpty();
    assertThat(in.readStrings()).containsExactly("a", "b");
    assertThat(in.readBoolean()).isTrue();
    in.end();
  }

  @Test
  void truncatedInputIsRefusedClearly() {
    WireOut out = new WireOut(1);
    out.writeString("namespace");
    byte[] whole = out.toByteArray();
    for (int cut = 0; cut < whole.length; cut++) {
      WireIn in = new WireIn(Arrays.copyOf(whole, cut));
      assertThatThrownBy(in::readString).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("serial: malformed message");
    }
  }

  @Test
  void lengthsBeyondTheMessageAndOverlongVarintsAreRefused() {
    assertThatThrownBy(() -> new WireIn(new byte[] {(byte) 0xff, 0x7f}).readBytes())
        .hasMessageContaining("beyond the message");
    assertThatThrownBy(() -> new WireIn(new byte[] {5}).readStrings())
        .hasMessageContaining("beyond the message");
    byte[] overlong = new byte[11];
    Arrays.fill(overlong, (byte) 0x80);
    assertThatThrownBy(() -> new WireIn(overlong).readVarLong())
        .hasMessageContaining("varint longer than 64 bits");
  }

  @Test
  void invalidTextTrailingBytesAndBadBooleansAreRefused() {
    assertThatThrownBy(() -> new WireIn(new byte[] {2, (byte) 0xff}).readString())
        .hasMessageContaining("string byte 255");
    assertThatThrownBy(() -> new WireIn(new byte[] {3, (byte) 0xc3, 0x41}).readString())
        .hasMessageContaining("string byte 65");
    assertThatThrownBy(() -> new WireIn(new byte[] {2, (byte) 0xe0}).readString())
        .hasMessageContaining("string truncated");
    assertThatThrownBy(() -> new WireIn(new byte[] {2}).readBoolean())
        .hasMessageContaining("boolean 2");
    WireIn in = new WireIn(new byte[] {1, 9});
    assertThat(in.readVarLong()).isEqualTo(1);
    assertThatThrownBy(in::end).hasMessageContaining("1 bytes after the message");
    assertThatThrownBy(() -> new WireIn(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, 0x10}).readInt()).hasMessageContaining("int out of range");
  }

  @Test
  void aLengthWrittenLaterTakesItsReservedWidthAndReadsBack() {
    WireOut out = new WireOut(1);
    int at = out.reserve(4);
    out.writeString("body");
    out.patchVarLong(at, out.position() - at - 4, 4);
    byte[] bytes = out.toByteArray();
    assertThat(bytes).hasSize(4 + 1 + 4);
    WireIn in = new WireIn(bytes);
    assertThat(in.readVarLong()).isEqualTo(5);
    assertThat(in.readString()).isEqualTo("body");
    in.end();
    assertThatThrownBy(() -> new WireOut(8).patchVarLong(0, 1L << 28, 4))
        .hasMessageContaining("a length of 268435456 does not fit in 4 bytes");
  }
}
