package io.kvs.treeobj;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/** Jackson bindings so that tree objects inside messages travel as their RFC 11 JSON. */
final class TreeObjJson {
  private TreeObjJson() {}

  static final class Serializer extends JsonSerializer<TreeObj> {
    @Override
    public void serialize(TreeObj value, JsonGenerator g, SerializerProvider p) throws IOException {
      TreeObjCodec.write(value, g);
    }
  }

  static final class Deserializer extends JsonDeserializer<TreeObj> {
    @Override
    public TreeObj deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      try {
        return TreeObjCodec.read(p);
      } catch (InvalidTreeObjException e) {
        throw ctx.weirdStringException("treeobj", TreeObj.class, e.getMessage());
      }
    }
  }
}
