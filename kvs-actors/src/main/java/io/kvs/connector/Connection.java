package io.kvs.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvs.KvsError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The I/O of one client connection: a reader thread that splits and parses lines, and a writer
 * thread that writes response lines in order of completion. The socket is non-blocking; each
 * thread waits for it through its own {@link Readiness}. So a single response can also be
 * written at once by the thread that produced it ({@link #sendNow}) when the socket takes it
 * whole and nothing else is being written: no hand-off to the writer thread, and no risk of
 * blocking that thread on a client that does not read.
 *
 * <p>Backpressure: the reader takes one permit of {@code maxInFlight} before reading each line
 * and the permit is returned when that line's response has been written (or, for matchtag 0,
 * when the rank has answered). A client that sends without reading therefore stops being read
 * after {@code maxInFlight} requests: the kernel buffers fill and its writes block. The writer's
 * queue never holds more than {@code maxInFlight} final lines, so {@link #send} never blocks an
 * actor. A stream's intermediate lines ({@link #sendMore}) return no permit: the stream holds
 * its request's permit until its last line; the session bounds them with {@link #queued}.
 */
final class Connection {
  private static final ObjectMapper MAPPER = new ObjectMapper(WireCodec.JSON);
  private static final Out POISON = new Out(new byte[0], false);
  /** Wakes the writer to finish what a direct write left. */
  private static final Out WAKE = new Out(new byte[0], false);

  /** A line to write; {@code last} when writing it returns its request's permit. */
  private record Out(byte[] line, boolean last) {}

  private final SocketChannel channel;
  private final String name;
  private final ConnectorSettings settings;
  private final ConnectorMetrics metrics;
  private final boolean needsToken;
  private final Semaphore permits;
  private final LinkedBlockingQueue<Out> out = new LinkedBlockingQueue<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ReentrantLock writeLock = new ReentrantLock();
  /** What a direct write could not write at once; the writer thread writes it first. */
  private ByteBuffer pending;
  private Readiness readReady;
  private Readiness writeReady;
  private int held;

  Connection(SocketChannel channel, String name, ConnectorSettings settings,
      ConnectorMetrics metrics, boolean needsToken) {
    this.channel = channel;
    this.name = name;
    this.settings = settings;
    this.metrics = metrics;
    this.needsToken = needsToken;
    this.permits = new Semaphore(settings.maxInFlight());
  }

  /** Starts both threads; requests go to {@code onRequest}, end of stream to {@code onClosed}. */
  void start(Consumer<Frame.Request> onRequest, Runnable onClosed) {
    try {
      channel.configureBlocking(false);
      readReady = new Readiness(channel, SelectionKey.OP_READ);
      writeReady = new Readiness(channel, SelectionKey.OP_WRITE);
    } catch (IOException e) {
      close();
      onClosed.run();
      return;
    }
    Thread reader = new Thread(() -> readLoop(onRequest, onClosed), "kvs-conn-" + name + "-in");
    Thread writer = new Thread(this::writeLoop, "kvs-conn-" + name + "-out");
    reader.setDaemon(true);
    writer.setDaemon(true);
    writer.start();
    reader.start();
  }

  /** Queues a response line; its request's permit is returned once it is written. */
  void send(byte[] line) {
    if (!closed.get()) {
      out.add(new Out(line, true));
    }
  }

  /**
   * A request's only response line: written at once from the calling thread if nothing else
   * is being written or waits to be and the socket takes it without waiting, else queued as
   * by {@link #send}. Never blocks. Lines sent this way may overtake lines queued just
   * before, so it is only for single responses, whose order among others does not matter.
   */
  void sendNow(byte[] line) {
    if (closed.get()) {
      return;
    }
    if (out.isEmpty() && writeLock.tryLock()) {
      try {
        if (pending == null && out.isEmpty()) {
          ByteBuffer b = ByteBuffer.wrap(line);
          try {
            channel.write(b);
          } catch (IOException e) {
            return; // the socket is gone: the reader ends the connection
          }
          if (b.hasRemaining()) {
            pending = b;
            out.add(WAKE);
          } else {
            metrics.responsesWritten.incrementAndGet();
            release(1);
          }
          return;
        }
      } finally {
        writeLock.unlock();
      }
    }
    out.add(new Out(line, true));
  }

  /** Queues a response line of a stream that goes on: its permit stays taken. */
  void sendMore(byte[] line) {
    if (!closed.get()) {
      out.add(new Out(line, false));
    }
  }

  /** Lines queued and not yet taken by the writer. */
  int queued() {
    return out.size();
  }

  /** Returns the permit of a request that gets no response. */
  void skip() {
    release(1);
  }

  /** Closes the socket; both threads end. Idempotent. */
  void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        channel.close();
      } catch (IOException e) {
        // closing anyway
      }
      out.add(POISON);
      if (readReady != null) {
        readReady.wakeup();
        writeReady.wakeup();
      }
      synchronized (this) {
        metrics.released(held);
        held = 0;
      }
      metrics.connections.decrementAndGet();
    }
  }

  private void readLoop(Consumer<Frame.Request> onRequest, Runnable onClosed) {
    LineReader lines = new LineReader(readReady.reads(), settings.maxFrameBytes());
    try {
      if (needsToken && !tokenAccepted(lines)) {
        writeNow(WireCodec.error(0, KvsError.PERMISSION.errnum(),
            "kvs: a TCP connection must send {\"token\":\"...\"} as its first line"));
        return;
      }
      while (!closed.get()) {
        permits.acquire();
        acquired();
        if (!lines.next()) {
          return;
        }
        metrics.framesRead.incrementAndGet();
        Frame f = lines.oversize() >= 0 ? oversized(lines) : WireCodec.parse(lines.buffer(), 0,
            lines.length());
        if (f instanceof Frame.Request r) {
          onRequest.accept(r);
        } else {
          Frame.Bad b = (Frame.Bad) f;
          if (b.answer()) {
            send(WireCodec.error(b.matchtag(), b.errnum(), b.errstr()));
          } else {
            skip();
          }
        }
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // peer gone or socket closed: end quietly
    } finally {
      closeQuietly(readReady);
      onClosed.run();
    }
  }

  private static void closeQuietly(Readiness r) {
    try {
      r.close();
    } catch (IOException e) {
      // nothing more to wait for
    }
  }

  private Frame oversized(LineReader lines) {
    long mt = WireCodec.peekMatchtag(lines.buffer(), 0, lines.length());
    return new Frame.Bad(Math.max(mt, 0), mt != 0, KvsError.FILE_TOO_BIG.errnum(),
        "kvs: frame of " + lines.oversize() + " bytes exceeds the limit of "
            + settings.maxFrameBytes());
  }

  private boolean tokenAccepted(LineReader lines) throws IOException {
    if (!lines.next() || lines.oversize() >= 0) {
      return false;
    }
    try {
      JsonNode n = MAPPER.readTree(lines.buffer(), 0, lines.length());
      JsonNode token = n == null ? null : n.get("token");
      return token != null && token.isTextual() && MessageDigest.isEqual(
          token.textValue().getBytes(StandardCharsets.UTF_8),
          settings.tcpToken().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return false;
    }
  }

  private void writeLoop() {
    List<Out> batch = new ArrayList<>();
    try {
      while (true) {
        batch.add(out.take());
        out.drainTo(batch, 255);
        writeLock.lock();
        try {
          if (pending != null) {
            writeReady.writeFully(pending);
            pending = null;
            metrics.responsesWritten.incrementAndGet();
            release(1);
          }
          List<ByteBuffer> bufs = new ArrayList<>(batch.size());
          int last = 0;
          for (Out b : batch) {
            if (b == POISON) {
              return;
            }
            if (b != WAKE) {
              bufs.add(ByteBuffer.wrap(b.line()));
              last += b.last() ? 1 : 0;
            }
          }
          writeReady.writeFully(bufs.toArray(new ByteBuffer[0]));
          metrics.responsesWritten.addAndGet(bufs.size());
          release(last);
        } finally {
          writeLock.unlock();
        }
        batch.clear();
      }
    } catch (IOException | InterruptedException e) {
      // socket closed: the reader ends too
    } finally {
      try {
        channel.shutdownInput();
      } catch (IOException e) {
        // already closed
      }
      closeQuietly(writeReady);
    }
  }

  private void writeNow(byte[] line) throws IOException {
    writeLock.lock();
    try {
      writeReady.writeFully(ByteBuffer.wrap(line));
    } finally {
      writeLock.unlock();
    }
  }

  private synchronized void acquired() {
    if (!closed.get()) {
      held++;
      metrics.acquired();
    }
  }

  private void release(int n) {
    synchronized (this) {
      if (!closed.get()) {
        held -= n;
        metrics.released(n);
      }
    }
    permits.release(n);
  }
}
