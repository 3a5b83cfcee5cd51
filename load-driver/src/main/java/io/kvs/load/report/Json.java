package io.kvs.load.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON for reports: records by component name, maps and lists as they are, and non-finite
 * numbers (NaN, infinities) as {@code null} so that every document is valid JSON.
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  /** {@code value} as a tree without non-finite numbers. */
  static JsonNode tree(Object value) {
    JsonNode node = value instanceof JsonNode n ? n.deepCopy() : MAPPER.valueToTree(value);
    return finite(node);
  }

  /** A number node, or null when {@code v} is not finite. */
  static JsonNode number(double v) {
    return Double.isFinite(v) ? MAPPER.getNodeFactory().numberNode(v) : NullNode.instance;
  }

  private static JsonNode finite(JsonNode node) {
    if (node == null) {
      return NullNode.instance;
    }
    if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      return NullNode.instance;
    }
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> fields = o.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        f.setValue(finite(f.getValue()));
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, finite(a.get(i)));
      }
    }
    return node;
  }
}
