package io.kvs.connector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Splits a blocking byte stream into {@code \n}-terminated lines of at most {@code max} bytes.
 * A longer line is not kept: its first {@code max} bytes stay readable (to salvage a matchtag),
 * the rest is skipped up to its newline, and {@link #oversize()} reports its full length. Memory
 * per connection is bounded by {@code max} plus a 64 KiB read buffer. One thread only.
 */
final class LineReader {
  private static final int SMALL = 64 * 1024;
  private final ReadableByteChannel channel;
  private final int max;
  private final ByteBuffer in = ByteBuffer.allocate(SMALL).flip();
  private byte[] line = new byte[4096];
  private int length;
  private long oversize;

  LineReader(ReadableByteChannel channel, int max) {
    this.channel = channel;
    this.max = max;
  }

  /** Reads the next line; false at end of stream (an unterminated last line is dropped). */
  boolean next() throws IOException {
    if (line.length > SMALL) {
      line = new byte[4096];
    }
    length = 0;
    long total = 0;
    while (true) {
      if (!in.hasRemaining()) {
        in.clear();
        int n = channel.read(in);
        in.flip();
        if (n < 0) {
          return false;
        }
        continue;
      }
      int start = in.position();
      int limit = in.limit();
      int nl = -1;
      byte[] a = in.array();
      for (int i = start; i < limit; i++) {
        if (a[i] == '\n') {
          nl = i;
          break;
        }
      }
      int end = nl < 0 ? limit : nl;
      total += end - start;
      keep(a, start, Math.min(end - start, max - length));
      in.position(nl < 0 ? limit : nl + 1);
      if (nl >= 0) {
        oversize = total > max ? total : -1;
        return true;
      }
    }
  }

  private void keep(byte[] a, int from, int n) {
    if (n <= 0) {
      return;
    }
    if (length + n > line.length) {
      byte[] bigger = new byte[Math.min(max, Math.max(line.length * 2, length + n))];
      System.arraycopy(line, 0, bigger, 0, length);
      line = bigger;
    }
    System.arraycopy(a, from, line, length, n);
    length += n;
  }

  /** The current line (or the kept start of an oversized one). */
  byte[] buffer() {
    return line;
  }

  int length() {
    return length;
  }

  /** The full length of the current line when it exceeds the limit, else -1. */
  long oversize() {
    return oversize;
  }
}
