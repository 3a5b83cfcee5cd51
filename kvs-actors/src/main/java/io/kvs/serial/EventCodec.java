package io.kvs.serial;

import io.kvs.events.EventBatch;
import io.kvs.events.KvsEvent;
import io.kvs.events.ReceivedBatch;
import io.kvs.treeobj.BlobRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of an {@link EventBatch}: its topic and its number of events, then each
 * event as a type byte, its namespace, the length of the rest (a varint always
 * {@value #BODY_LENGTH_BYTES} bytes long) and the rest: its other fields in declaration
 * order. The length lets a reader skip the events of namespaces it does not use
 * ({@link ReceivedBatch}). Pure; used by {@link KvsBinarySerializer}.
 */
final class EventCodec {
  private static final int SETROOT = 1;
  private static final int ERROR = 2;
  private static final int CREATED = 3;
  private static final int REMOVED = 4;
  private static final int PING = 5;
  /** Width of an event's body length: up to 256 MiB, beyond any message Artery sends. */
  static final int BODY_LENGTH_BYTES = 4;

  private EventCodec() {}

  static byte[] encode(EventBatch batch) {
    WireOut out = new WireOut(64 + 256 * Math.min(batch.events().size(), 512));
    out.writeString(batch.topic());
    out.writeVarLong(batch.events().size());
    List<KvsEvent> events = batch.events();
    for (int i = 0; i < events.size(); i++) {
      byte[] made = batch.encoded(i);
      if (made != null) {
        out.writeRaw(made);
      } else {
        write(out, events.get(i));
      }
    }
    return out.toByteArray();
  }

  /** One event's binary form, as it appears in a batch. */
  static byte[] encode(KvsEvent e) {
    WireOut out = new WireOut(256);
    write(out, e);
    return out.toByteArray();
  }

  private static void write(WireOut out, KvsEvent e) {
    out.writeByte(type(e));
    out.writeString(e.namespace());
    int at = out.reserve(BODY_LENGTH_BYTES);
    writeBody(out, e);
    out.patchVarLong(at, out.position() - at - BODY_LENGTH_BYTES, BODY_LENGTH_BYTES);
  }

  /**
   * Reads a batch's topic and its events' types and namespaces; the rest of an event is read
   * from {@code bytes} (which the caller must no longer change) when it is selected. Throws
   * {@link IllegalArgumentException} if the batch is malformed, and {@link ReceivedBatch#select}
   * if a selected event is.
   */
  static ReceivedBatch decode(byte[] bytes) {
    WireIn in = new WireIn(bytes);
    String topic = in.readString();
    int n = in.readCount();
    String[] namespaces = new String[n];
    int[] types = new int[n];
    int[] starts = new int[n];
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      types[i] = in.readByte();
      if (types[i] < SETROOT || types[i] > PING) {
        throw new IllegalArgumentException("serial: malformed message: event type " + types[i]);
      }
      namespaces[i] = in.readString();
      lengths[i] = in.readCount();
      starts[i] = in.position();
      in.skip(lengths[i]);
    }
    in.end();
    return new ReceivedBatch(topic, namespaces, i -> readBody(types[i], namespaces[i],
        new WireIn(bytes, starts[i], lengths[i])));
  }

  private static int type(KvsEvent e) {
    if (e instanceof KvsEvent.RootChanged) {
      return SETROOT;
    } else if (e instanceof KvsEvent.CommitFailed) {
      return ERROR;
    } else if (e instanceof KvsEvent.NamespaceCreated) {
      return CREATED;
    } else if (e instanceof KvsEvent.NamespaceRemoved) {
      return REMOVED;
    } else if (e instanceof KvsEvent.Ping) {
      return PING;
    }
    throw new IllegalArgumentException("serial: no binary form for " + e.getClass());
  }

  private static void writeBody(WireOut out, KvsEvent e) {
    if (e instanceof KvsEvent.RootChanged rc) {
      out.writeSignedLong(rc.epoch());
      out.writeSignedLong(rc.rootseq());
      writeRef(out, rc.rootref());
      out.writeStrings(rc.names());
      out.writeStrings(rc.keys());
      out.writeSignedLong(rc.owner());
      out.writeVarLong(rc.blobs().size());
      for (KvsEvent.InlineBlob b : rc.blobs()) {
        writeRef(out, b.ref());
        out.writeBytes(b.data());
      }
      out.writeBoolean(rc.keysUnknown());
    } else if (e instanceof KvsEvent.CommitFailed cf) {
      out.writeSignedLong(cf.epoch());
      out.writeStrings(cf.names());
      out.writeInt(cf.errnum());
    } else if (e instanceof KvsEvent.NamespaceCreated c) {
      out.writeSignedLong(c.epoch());
      out.writeSignedLong(c.rootseq());
      writeRef(out, c.rootref());
      out.writeSignedLong(c.owner());
    } else if (e instanceof KvsEvent.NamespaceRemoved r) {
      out.writeSignedLong(r.epoch());
    } else if (e instanceof KvsEvent.Ping p) {
      out.writeSignedLong(p.epoch());
      out.writeSignedLong(p.nonce());
    }
  }

  /** The event of {@code type} in {@code ns} whose body is all of {@code in}. */
  private static KvsEvent readBody(int type, String ns, WireIn in) {
    KvsEvent e = switch (type) {
      case SETROOT -> readSetroot(ns, in);
      case ERROR -> new KvsEvent.CommitFailed(ns, in.readSignedLong(), in.readStrings(),
          in.readInt());
      case CREATED -> new KvsEvent.NamespaceCreated(ns, in.readSignedLong(), in.readSignedLong(),
          readRef(in), in.readSignedLong());
      case REMOVED -> new KvsEvent.NamespaceRemoved(ns, in.readSignedLong());
      case PING -> new KvsEvent.Ping(ns, in.readSignedLong(), in.readSignedLong());
      default -> throw new IllegalArgumentException(
          "serial: malformed message: event type " + type);
    };
    in.end();
    return e;
  }

  private static KvsEvent.RootChanged readSetroot(String ns, WireIn in) {
    long epoch = in.readSignedLong();
    long rootseq = in.readSignedLong();
    BlobRef rootref = readRef(in);
    List<String> names = in.readStrings();
    List<String> keys = in.readStrings();
    long owner = in.readSignedLong();
    int n = in.readCount();
    List<KvsEvent.InlineBlob> blobs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      blobs.add(new KvsEvent.InlineBlob(readRef(in), in.readBytes()));
    }
    return new KvsEvent.RootChanged(ns, epoch, rootseq, rootref, names, keys, owner, blobs,
        in.readBoolean());
  }

  static void writeRef(WireOut out, BlobRef ref) {
    out.writeString(ref == null ? null : ref.value());
  }

  static BlobRef readRef(WireIn in) {
    String s = in.readString();
    return s == null ? null : BlobRef.parse(s);
  }
}
