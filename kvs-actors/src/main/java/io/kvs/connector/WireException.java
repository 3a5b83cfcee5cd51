package io.kvs.connector;

import io.kvs.KvsError;

/** Bad input found while reading a payload; becomes an error response, never escapes the codec. */
final class WireException extends RuntimeException {
  private final KvsError error;

  WireException(KvsError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  static WireException proto(String message) {
    return new WireException(KvsError.PROTOCOL, message);
  }

  KvsError error() {
    return error;
  }
}
