package io.kvs.treeobj;

/** Text that is not a valid RFC 11 tree object. The message says what is wrong. */
public final class InvalidTreeObjException extends RuntimeException {
  public InvalidTreeObjException(String message) {
    super(message, null, false, false);
  }
}
