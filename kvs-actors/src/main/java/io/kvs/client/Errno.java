package io.kvs.client;

/**
 * The Linux errno values that travel in error responses, with their {@code strerror} text for
 * messages when a server sends no {@code errstr}.
 */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int E2BIG = 7;
  public static final int EEXIST = 17;
  public static final int ENOTDIR = 20;
  public static final int EISDIR = 21;
  public static final int EINVAL = 22;
  public static final int EFBIG = 27;
  public static final int ENOSYS = 38;
  public static final int ENOTEMPTY = 39;
  public static final int ELOOP = 40;
  public static final int ENODATA = 61;
  public static final int EPROTO = 71;
  public static final int EOVERFLOW = 75;
  public static final int ENOTSUP = 95;
  public static final int ECONNRESET = 104;
  public static final int ENOBUFS = 105;
  public static final int ETIMEDOUT = 110;
  public static final int ECONNREFUSED = 111;
  public static final int ENOTRECOVERABLE = 131;

  private Errno() {}

  /** The glibc {@code strerror} text of {@code errnum}. */
  public static String strerror(int errnum) {
    switch (errnum) {
      case EPERM: return "Operation not permitted";
      case ENOENT: return "No such file or directory";
      case E2BIG: return "Argument list too long";
      case EEXIST: return "File exists";
      case ENOTDIR: return "Not a directory";
      case EISDIR: return "Is a directory";
      case EINVAL: return "Invalid argument";
      case EFBIG: return "File too large";
      case ENOSYS: return "Function not implemented";
      case ENOTEMPTY: return "Directory not empty";
      case ELOOP: return "Too many levels of symbolic links";
      case ENODATA: return "No data available";
      case EPROTO: return "Protocol error";
      case EOVERFLOW: return "Value too large for defined data type";
      case ENOTSUP: return "Operation not supported";
      case ECONNRESET: return "Connection reset by peer";
      case ENOBUFS: return "No buffer space available";
      case ETIMEDOUT: return "Connection timed out";
      case ECONNREFUSED: return "Connection refused";
      case ENOTRECOVERABLE: return "State not recoverable";
      default: return "Unknown error " + errnum;
    }
  }

  /** The symbolic name of {@code errnum} ({@code "EEXIST"}), or {@code "E<number>"}. */
  public static String name(int errnum) {
    switch (errnum) {
      case EPERM: return "EPERM";
      case ENOENT: return "ENOENT";
      case E2BIG: return "E2BIG";
      case EEXIST: return "EEXIST";
      case ENOTDIR: return "ENOTDIR";
      case EISDIR: return "EISDIR";
      case EINVAL: return "EINVAL";
      case EFBIG: return "EFBIG";
      case ENOSYS: return "ENOSYS";
      case ENOTEMPTY: return "ENOTEMPTY";
      case ELOOP: return "ELOOP";
      case ENODATA: return "ENODATA";
      case EPROTO: return "EPROTO";
      case EOVERFLOW: return "EOVERFLOW";
      case ENOTSUP: return "ENOTSUP";
      case ECONNRESET: return "ECONNRESET";
      case ENOBUFS: return "ENOBUFS";
      case ETIMEDOUT: return "ETIMEDOUT";
      case ECONNREFUSED: return "ECONNREFUSED";
      case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
      default: return "E" + errnum;
    }
  }
}
