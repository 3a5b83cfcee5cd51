package io.kvs.connector;

/**
 * One request line as read by {@link WireCodec#parse}: a request to serve, or input that gets
 * an error response (or none, when the client said matchtag 0).
 */
public sealed interface Frame {

  /**
   * A well-formed request.
   *
   * @param userid the {@code userid} member, or -1 when absent
   */
  record Request(long matchtag, String topic, long userid, WireRequest body) implements Frame {}

  /**
   * Bad input. {@code matchtag} is the request's when it could be read, else 0; {@code answer}
   * is false only when the request itself asked for no response (matchtag 0).
   */
  record Bad(long matchtag, boolean answer, int errnum, String errstr) implements Frame {}
}
