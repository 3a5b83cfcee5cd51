package io.kvs.client;

/**
 * A request that failed: an error response from the service (its errno and {@code errstr}) or a
 * transport failure (ECONNRESET when the connection is lost, ECONNREFUSED when it cannot be made,
 * EPROTO when the server breaks the framing).
 */
public final class KvsClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int errnum;
  private final String errstr;

  public KvsClientException(int errnum, String errstr) {
    this(errnum, errstr, null);
  }

  public KvsClientException(int errnum, String errstr, Throwable cause) {
    super(errstr == null || errstr.isEmpty() ? Errno.strerror(errnum) : errstr, cause);
    this.errnum = errnum;
    this.errstr = errstr == null ? "" : errstr;
  }

  /** The Linux errno value. */
  public int errnum() {
    return errnum;
  }

  /** The server's error text; empty when it sent none. */
  public String errstr() {
    return errstr;
  }
}
