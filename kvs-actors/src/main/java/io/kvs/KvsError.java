package io.kvs;

/**
 * User-visible error kinds, one per Linux errno that the service reports. Wire responses carry
 * {@link #errnum()}; messages carry the enum.
 */
public enum KvsError {
  PERMISSION(1, "EPERM"),
  NOT_FOUND(2, "ENOENT"),
  TOO_BIG(7, "E2BIG"),
  /** Too many requests waiting; try again. */
  BUSY(11, "EAGAIN"),
  EXISTS(17, "EEXIST"),
  NOT_DIR(20, "ENOTDIR"),
  IS_DIR(21, "EISDIR"),
  INVALID(22, "EINVAL"),
  FILE_TOO_BIG(27, "EFBIG"),
  NOT_IMPLEMENTED(38, "ENOSYS"),
  SYMLINK_LOOP(40, "ELOOP"),
  NO_DATA(61, "ENODATA"),
  PROTOCOL(71, "EPROTO"),
  OVERFLOW(75, "EOVERFLOW"),
  /** Unknown or removed namespace, and operations a namespace does not support. */
  NOT_SUPPORTED(95, "ENOTSUP"),
  NO_BUFFERS(105, "ENOBUFS"),
  TIMED_OUT(110, "ETIMEDOUT"),
  NOT_RECOVERABLE(131, "ENOTRECOVERABLE");

  private final int errnum;
  private final String symbol;

  KvsError(int errnum, String symbol) {
    this.errnum = errnum;
    this.symbol = symbol;
  }

  /** The Linux errno value. */
  public int errnum() {
    return errnum;
  }

  /** The errno symbol, e.g. {@code ENOENT}. */
  public String symbol() {
    return symbol;
  }

  /** The error for an errno value, or {@link #PROTOCOL} when it is not one of ours. */
  public static KvsError ofErrnum(int errnum) {
    for (KvsError e : values()) {
      if (e.errnum == errnum) {
        return e;
      }
    }
    return PROTOCOL;
  }

  /** A failure of this kind with a message such as {@code "kvs: namespace not found: job-42"}. */
  public KvsException failure(String message) {
    return new KvsException(this, message);
  }
}
