package io.kvs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user error as a value: an errno kind plus a message. It is the error carried by
 * {@code StatusReply.error(...)} and it crosses the network (only its two fields are
 * serialized). It records no stack trace: it reports bad input, not a bug.
 */
@JsonIgnoreProperties(
    value = {"stackTrace", "cause", "suppressed", "localizedMessage", "message"},
    ignoreUnknown = true)
public final class KvsException extends RuntimeException implements KvsSerializable {
  private final KvsError error;

  @JsonCreator
  public KvsException(@JsonProperty("error") KvsError error, @JsonProperty("text") String text) {
    super(text, null, false, false);
    this.error = error;
  }

  @JsonProperty("error")
  public KvsError error() {
    return error;
  }

  @JsonProperty("text")
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
}
