package io.kvs.connector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.KvsError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON-lines wire format of the connector (docs/PROTOCOL.md), without any I/O: one request
 * line in, a {@link Frame} out; replies and errors out as complete lines ending in {@code \n}.
 * Never throws on bad input. Thread-safe.
 */
public final class WireCodec {
  /** The largest matchtag (uint32); the same bound applies to userids (less UNKNOWN). */
  public static final long UINT32_MAX = 0xFFFFFFFFL;
  /** The deepest nesting of arrays and objects accepted in one line. */
  public static final int MAX_DEPTH = 200;

  static final JsonFactory JSON = new JsonFactory()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

  private WireCodec() {}

  /** Parses the line {@code buf[off, off+len)} (newline excluded). */
  public static Frame parse(byte[] buf, int off, int len) {
    if (len > 0 && buf[off + len - 1] == '\r') {
      len--;
    }
    if (len == 0) {
      return new Frame.Bad(0, true, KvsError.PROTOCOL.errnum(), "kvs: empty frame");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(new DepthLimitedParser(JSON.createParser(buf, off, len), MAX_DEPTH));
    } catch (DepthLimitedParser.TooDeep e) {
      return bad(buf, off, len, KvsError.PROTOCOL,
          "kvs: request nests arrays or objects deeper than " + MAX_DEPTH + " levels");
    } catch (JsonProcessingException e) {
      return bad(buf, off, len, KvsError.PROTOCOL,
          "kvs: request is not valid JSON: " + clip(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      return new Frame.Bad(0, true, KvsError.PROTOCOL.errnum(),
          "kvs: request must be a JSON object");
    }
    return envelope((ObjectNode) root);
  }

  /** Parses a whole line given as text (tests, tools). */
  public static Frame parse(String line) {
    byte[] b = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  private static Frame envelope(ObjectNode root) {
    JsonNode mt = root.get("matchtag");
    if (mt == null) {
      return new Frame.Bad(0, true, KvsError.PROTOCOL.errnum(), "kvs: request has no matchtag");
    }
    if (!isUint32(mt)) {
      return new Frame.Bad(0, true, KvsError.PROTOCOL.errnum(),
          "kvs: matchtag must be an integer 0.." + UINT32_MAX);
    }
    long matchtag = mt.longValue();
    try {
      JsonNode topic = root.get("topic");
      if (topic == null || !topic.isTextual()) {
        throw WireException.proto("kvs: topic must be a string");
      }
      long userid = -1;
      JsonNode uid = root.get("userid");
      if (uid != null) {
        if (!isUint32(uid) || uid.longValue() == UINT32_MAX) {
          throw WireException.proto("kvs: userid must be an integer 0.." + (UINT32_MAX - 1));
        }
        userid = uid.longValue();
      }
      JsonNode streaming = root.get("streaming");
      if (streaming != null && !streaming.isBoolean()) {
        throw WireException.proto("kvs: streaming must be a boolean");
      }
      JsonNode payload = root.get("payload");
      if (payload != null && !payload.isObject()) {
        throw WireException.proto("kvs: payload must be a JSON object");
      }
      ObjectNode p = payload == null ? MAPPER.createObjectNode() : (ObjectNode) payload;
      WireRequest body = RequestPayloads.parse(topic.textValue(), p,
          streaming != null && streaming.booleanValue());
      return new Frame.Request(matchtag, topic.textValue(), userid, body);
    } catch (WireException e) {
      return new Frame.Bad(matchtag, matchtag != 0, e.error().errnum(), e.getMessage());
    }
  }

  static boolean isUint32(JsonNode n) {
    return n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0
        && n.longValue() <= UINT32_MAX;
  }

  /** Bad input whose matchtag is salvaged from the start of the line when it can be. */
  private static Frame bad(byte[] buf, int off, int len, KvsError error, String message) {
    long mt = peekMatchtag(buf, off, len);
    return new Frame.Bad(Math.max(mt, 0), mt != 0, error.errnum(), message);
  }

  /**
   * The top-level {@code matchtag} of a line that may be truncated or invalid further on, read
   * with a streaming parser up to the first error; -1 when it cannot be read.
   */
  public static long peekMatchtag(byte[] buf, int off, int len) {
    try (JsonParser p = JSON.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return -1;
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("matchtag")) {
          if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
              && p.getLongValue() >= 0 && p.getLongValue() <= UINT32_MAX) {
            return p.getLongValue();
          }
          return -1;
        }
        p.skipChildren();
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** An error response line. */
  public static byte[] error(long matchtag, int errnum, String errstr) {
    return line(g -> {
      g.writeNumberField("matchtag", matchtag);
      g.writeNumberField("errnum", errnum);
      g.writeStringField("errstr", errstr);
    });
  }

  /** A success response line whose payload is written by {@code payload}. */
  public static byte[] ok(long matchtag, PayloadWriter payload) {
    return line(g -> {
      g.writeNumberField("matchtag", matchtag);
      g.writeFieldName("payload");
      g.writeStartObject();
      payload.write(g);
      g.writeEndObject();
    });
  }

  /** Writes the members of a payload object. */
  @FunctionalInterface
  public interface PayloadWriter {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] line(PayloadWriter members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      members.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  static String clip(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
