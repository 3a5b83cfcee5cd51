package io.kvs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvs.treeobj.Bytes;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Standard output of the CLI: text lines, raw bytes, or one compact JSON object per line. */
final class Output {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;

  Output(PrintStream out) {
    this.out = out;
  }

  void line(String s) {
    bytes(s.getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }

  void bytes(byte[] b) {
    out.write(b, 0, b.length);
  }

  void json(JsonNode node) {
    try {
      line(JSON.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  void flush() {
    out.flush();
  }

  /** The value as text if it is valid UTF-8, else null. */
  static String utf8OrNull(Bytes value) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value.unsafeArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Puts {@code value} into {@code o} as {@code "value"} when it is UTF-8 text and not
   * {@code raw}, else as base64 {@code "data"}.
   */
  static void putValue(com.fasterxml.jackson.databind.node.ObjectNode o, Bytes value,
      boolean raw) {
    String text = raw ? null : utf8OrNull(value);
    if (text != null) {
      o.put("value", text);
    } else {
      o.put("data", value.toBase64());
    }
  }
}
