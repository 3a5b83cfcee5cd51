package io.kvs.connector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Waits for a non-blocking socket to become readable or writable, for the one thread that
 * reads it or the one that writes it (each has its own {@code Readiness}). {@link #reads}
 * gives the reading thread a channel whose reads block until data or end of stream, so that
 * {@link LineReader} works unchanged on a socket whose writes never block.
 */
final class Readiness implements AutoCloseable {
  private final SocketChannel channel;
  private final Selector selector;

  /** Readiness of {@code channel} (non-blocking) for {@code op}, a {@link SelectionKey} op. */
  Readiness(SocketChannel channel, int op) throws IOException {
    this.channel = channel;
    this.selector = Selector.open();
    channel.register(selector, op);
  }

  /** Waits until the channel is ready (or closed: then throws). */
  void await() throws IOException {
    if (!channel.isOpen()) {
      throw new ClosedChannelException();
    }
    selector.select();
    selector.selectedKeys().clear();
    if (!channel.isOpen()) {
      throw new ClosedChannelException();
    }
  }

  /** Writes all of {@code bufs}, waiting for room whenever the socket has none. */
  void writeFully(ByteBuffer... bufs) throws IOException {
    long remaining = 0;
    for (ByteBuffer b : bufs) {
      remaining += b.remaining();
    }
    while (remaining > 0) {
      long n = channel.write(bufs);
      remaining -= n;
      if (n == 0) {
        await();
      }
    }
  }

  /** Reads that block until at least one byte or the end of stream. */
  ReadableByteChannel reads() {
    return new ReadableByteChannel() {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        while (true) {
          int n = channel.read(dst);
          if (n != 0 || !dst.hasRemaining()) {
            return n;
          }
          await();
        }
      }

      @Override
      public boolean isOpen() {
        return channel.isOpen();
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  /** Wakes a thread waiting in {@link #await} (after the channel is closed, say). */
  void wakeup() {
    selector.wakeup();
  }

  @Override
  public void close() throws IOException {
    selector.close();
  }
}
