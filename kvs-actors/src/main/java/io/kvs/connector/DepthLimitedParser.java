package io.kvs.connector;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * A parser that fails with {@link TooDeep} as soon as arrays and objects nest deeper than a
 * limit, so a hostile line is refused while it is read, without a separate scan of every byte.
 * Containers are entered only through {@code nextToken}/{@code nextValue}; the depth is that
 * of the parser's own context.
 */
final class DepthLimitedParser extends JsonParserDelegate {
  /** Nesting beyond the limit. */
  static final class TooDeep extends JsonParseException {
    private static final long serialVersionUID = 1L;

    TooDeep(JsonParser p) {
      super(p, "nesting too deep");
    }
  }

  private final int maxDepth;

  DepthLimitedParser(JsonParser d, int maxDepth) {
    super(d);
    this.maxDepth = maxDepth;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    return check(super.nextToken());
  }

  @Override
  public JsonToken nextValue() throws IOException {
    return check(super.nextValue());
  }

  private JsonToken check(JsonToken t) throws TooDeep {
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      int depth = 0;
      for (JsonStreamContext c = delegate.getParsingContext(); c != null && !c.inRoot();
          c = c.getParent()) {
        if (++depth > maxDepth) {
          throw new TooDeep(delegate);
        }
      }
    }
    return t;
  }
}
