package io.kvs.cli;

import io.kvs.client.Errno;
import io.kvs.client.KvsClientException;

/**
 * A verb that failed because of the service or the store's contents (exit code 1). The message
 * is the server's {@code errstr} when it sent one, else {@code <subject>: <strerror>}, like
 * {@code flux kvs} does with {@code log_err_exit("%s", key)}.
 */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure about {@code subject} (a key, a namespace) caused by {@code e}. */
  static CliFailure of(String subject, KvsClientException e) {
    String text = e.errstr();
    if (text.startsWith("kvs: ")) {
      text = text.substring(5);
    }
    if (text.isEmpty()) {
      text = Errno.strerror(e.errnum());
      return new CliFailure(subject == null ? text : subject + ": " + text, e);
    }
    return new CliFailure(text, e);
  }

  /** A failure detected by the CLI itself with errno {@code errnum}, e.g. ENOTEMPTY. */
  static CliFailure errno(String subject, int errnum) {
    return new CliFailure(subject + ": " + Errno.strerror(errnum), null);
  }
}
