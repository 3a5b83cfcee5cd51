package io.kvs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;

/**
 * A user error as a value: an errno kind plus a message. It is the error carried by
 * {@code StatusReply.error(...)} and it crosses the network as {@code {"error":"NOT_FOUND",
 * "text":"..."}}. It records no stack trace: it reports bad input, not a bug.
 */
@JsonSerialize(using = KvsException.Json.class)
@JsonDeserialize(using = KvsException.FromJson.class)
public final class KvsException extends RuntimeException implements KvsSerializable {
  private final KvsError error;

  public KvsException(KvsError error, String text) {
    super(text, null, false, false);
    this.error = error;
  }

  public KvsError error() {
    return error;
  }

  public String text() {
    return getMessage();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvsException k && k.error == error && k.text().equals(text());
  }

  @Override
  public int hashCode() {
    return error.hashCode() * 31 + text().hashCode();
  }

  @Override
  public String toString() {
    return error.symbol() + ": " + getMessage();
  }

  static final class Json extends JsonSerializer<KvsException> {
    @Override
    public void serialize(KvsException e, JsonGenerator g, SerializerProvider p)
        throws IOException {
      g.writeStartObject();
      g.writeStringField("error", e.error.name());
      g.writeStringField("text", e.text());
      g.writeEndObject();
    }
  }

  static final class FromJson extends JsonDeserializer<KvsException> {
    @Override
    public KvsException deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      JsonNode n = p.getCodec().readTree(p);
      KvsError error;
      try {
        error = KvsError.valueOf(n.path("error").asText());
      } catch (IllegalArgumentException e) {
        error = KvsError.PROTOCOL;
      }
      return new KvsException(error, n.path("text").asText(""));
    }
  }
}
