package io.kvs.treeobj;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical RFC 11 JSON for tree objects: compact, members sorted by code point (the order of
 * UTF-8 bytes), so equal objects always hash equally. Decoding validates strictly: exactly the
 * members {@code data}, {@code type} and {@code ver} (= 1), known types, data of the right
 * shape, valid blobrefs and base64, no duplicate directory entries.
 */
public final class TreeObjCodec {
  /** Code point order, the order of UTF-8 bytes; differs from String order above U+D7FF. */
  public static final Comparator<String> KEY_ORDER = TreeObjCodec::compareCodePoints;

  private static final JsonFactory JSON = new JsonFactory();

  private TreeObjCodec() {}

  /**
   * The canonical JSON bytes of {@code obj}: like Jansson, every non-ASCII character is raw
   * UTF-8, including those above U+FFFF. (Jackson 2.13's byte generator writes those as two
   * escaped surrogates, so the text is generated as chars and then encoded.)
   */
  public static byte[] encode(TreeObj obj) {
    String text = encodeToString(obj);
    if (!hasSurrogate(text)) {
      return text.getBytes(StandardCharsets.UTF_8); // the common case, and the fast one
    }
    try {
      ByteBuffer b = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
      return Arrays.copyOf(b.array(), b.limit());
    } catch (CharacterCodingException e) {
      return encodeEscapingSurrogates(obj); // a lone surrogate: keep it escaped
    }
  }

  private static boolean hasSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** The canonical JSON text of {@code obj}. */
  public static String encodeToString(TreeObj obj) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(obj, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static byte[] encodeEscapingSurrogates(TreeObj obj) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(obj, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Parses and validates one tree object; nothing may follow it. */
  public static TreeObj decode(byte[] json) {
    try (JsonParser p = JSON.createParser(json)) {
      return decodeDocument(p);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidTreeObjException("kvs: treeobj is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses and validates one tree object from text. */
  public static TreeObj decode(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      return decodeDocument(p);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidTreeObjException("kvs: treeobj is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TreeObj decodeDocument(JsonParser p) throws IOException {
    if (p.nextToken() == null) {
      throw new InvalidTreeObjException("kvs: treeobj is empty");
    }
    TreeObj obj = read(p);
    if (p.nextToken() != null) {
      throw new InvalidTreeObjException("kvs: trailing data after treeobj");
    }
    return obj;
  }

  /** Writes {@code obj} as canonical JSON to {@code g}. */
  public static void write(TreeObj obj, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeFieldName("data");
    if (obj instanceof TreeObj.Val v) {
      g.writeString(v.data().toBase64());
    } else if (obj instanceof TreeObj.ValRef v) {
      writeRefs(v.refs(), g);
    } else if (obj instanceof TreeObj.DirRef d) {
      writeRefs(d.refs(), g);
    } else if (obj instanceof TreeObj.Dir d) {
      g.writeStartObject();
      for (Map.Entry<String, TreeObj> e : d.entries().entrySet()) {
        g.writeFieldName(e.getKey());
        write(e.getValue(), g);
      }
      g.writeEndObject();
    } else {
      TreeObj.Symlink s = (TreeObj.Symlink) obj;
      g.writeStartObject();
      if (s.namespace() != null) {
        g.writeStringField("namespace", s.namespace());
      }
      g.writeStringField("target", s.target());
      g.writeEndObject();
    }
    g.writeStringField("type", obj.type());
    g.writeNumberField("ver", 1);
    g.writeEndObject();
  }

  private static void writeRefs(List<BlobRef> refs, JsonGenerator g) throws IOException {
    g.writeStartArray();
    for (BlobRef r : refs) {
      g.writeString(r.value());
    }
    g.writeEndArray();
  }

  /**
   * Reads one tree object whose START_OBJECT is the parser's current token; leaves the parser
   * on its END_OBJECT.
   */
  public static TreeObj read(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw invalid("treeobj must be a JSON object");
    }
    String type = null;
    Integer ver = null;
    Object data = null;
    boolean seenData = false;
    int members = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      members++;
      switch (name) {
        case "ver" -> {
          if (ver != null) {
            throw invalid("treeobj has duplicate member ver");
          }
          if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw invalid("treeobj ver must be the integer 1");
          }
          ver = p.getIntValue();
        }
        case "type" -> {
          if (type != null) {
            throw invalid("treeobj has duplicate member type");
          }
          if (t != JsonToken.VALUE_STRING) {
            throw invalid("treeobj type must be a string");
          }
          type = p.getText();
        }
        case "data" -> {
          if (seenData) {
            throw invalid("treeobj has duplicate member data");
          }
          seenData = true;
          data = readData(p, t);
        }
        default -> throw invalid("treeobj has unknown member " + Limits.quote(name));
      }
    }
    if (members != 3 || ver == null || type == null || !seenData) {
      throw invalid("treeobj must have exactly the members data, type and ver");
    }
    if (ver != 1) {
      throw invalid("treeobj ver must be 1, not " + ver);
    }
    return build(type, data);
  }

  /** Raw data: String, List of String, Map of TreeObj (dir) or Map of String (symlink). */
  private static Object readData(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return p.getText();
      case START_ARRAY: {
        List<String> refs = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw invalid("treeobj blobref list must hold strings");
          }
          refs.add(p.getText());
        }
        return refs;
      }
      case START_OBJECT: {
        Map<String, Object> members = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken vt = p.nextToken();
          Object v = vt == JsonToken.START_OBJECT ? new Deferred(read(p))
              : vt == JsonToken.VALUE_STRING ? p.getText() : skip(p);
          if (members.put(name, v) != null) {
            throw invalid("treeobj data has duplicate member " + Limits.quote(name));
          }
        }
        return members;
      }
      default:
        p.skipChildren();
        return Wrong.VALUE;
    }
  }

  /** Skips a value of the wrong kind, including an array's elements, and marks it wrong. */
  private static Wrong skip(JsonParser p) throws IOException {
    p.skipChildren();
    return Wrong.VALUE;
  }

  /** A nested tree object parsed inside a dir's data. */
  private record Deferred(TreeObj obj) {}

  private enum Wrong { VALUE }

  @SuppressWarnings("unchecked")
  private static TreeObj build(String type, Object data) {
    switch (type) {
      case "val" -> {
        if (!(data instanceof String s)) {
          throw invalid("val data must be a base64 string");
        }
        try {
          return new TreeObj.Val(Bytes.fromBase64(s));
        } catch (IllegalArgumentException e) {
          throw invalid("val data is not valid base64");
        }
      }
      case "valref", "dirref" -> {
        if (!(data instanceof List<?> l) || l.isEmpty()) {
          throw invalid(type + " data must be a non-empty array of blobrefs");
        }
        List<BlobRef> refs = new ArrayList<>(l.size());
        for (Object o : l) {
          String s = (String) o;
          if (!BlobRef.isValid(s)) {
            throw invalid(type + " holds an invalid blobref: " + Limits.quote(s));
          }
          refs.add(new BlobRef(s));
        }
        return type.equals("valref") ? new TreeObj.ValRef(refs) : new TreeObj.DirRef(refs);
      }
      case "dir" -> {
        if (!(data instanceof Map<?, ?> m)) {
          throw invalid("dir data must be an object");
        }
        Map<String, TreeObj> entries = new HashMap<>(m.size() * 2);
        for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
          if (!(e.getValue() instanceof Deferred d)) {
            throw invalid("dir entry " + Limits.quote(e.getKey()) + " must be a treeobj");
          }
          entries.put(e.getKey(), d.obj());
        }
        return new TreeObj.Dir(entries);
      }
      case "symlink" -> {
        if (!(data instanceof Map<?, ?> m)) {
          throw invalid("symlink data must be an object");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String k = (String) e.getKey();
          if (!k.equals("target") && !k.equals("namespace")) {
            throw invalid("symlink data has unknown member " + Limits.quote(k));
          }
          if (!(e.getValue() instanceof String)) {
            throw invalid("symlink " + k + " must be a string");
          }
        }
        String target = (String) m.get("target");
        String ns = (String) m.get("namespace");
        if (target == null || target.isEmpty()) {
          throw invalid("symlink target must be a non-empty string");
        }
        if (ns != null && ns.isEmpty()) {
          throw invalid("symlink namespace must not be empty");
        }
        return new TreeObj.Symlink(target, ns);
      }
      default -> throw invalid("unknown treeobj type " + Limits.quote(type));
    }
  }

  private static InvalidTreeObjException invalid(String what) {
    return new InvalidTreeObjException("kvs: " + what);
  }

  private static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean sx = Character.isSurrogate(x);
        boolean sy = Character.isSurrogate(y);
        if (sx != sy) {
          return sx ? 1 : -1; // a surrogate pair encodes a code point above every BMP char
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }
}
