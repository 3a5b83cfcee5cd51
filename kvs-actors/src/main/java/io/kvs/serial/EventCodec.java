package io.kvs.serial;

import io.kvs.events.EventBatch;
import io.kvs.events.KvsEvent;
import io.kvs.treeobj.BlobRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of an {@link EventBatch}: its topic, then each event as a type byte and its
 * fields in declaration order. Pure; used by {@link KvsBinarySerializer}.
 */
final class EventCodec {
  private static final int SETROOT = 1;
  private static final int ERROR = 2;
  private static final int CREATED = 3;
  private static final int REMOVED = 4;
  private static final int PING = 5;

  private EventCodec() {}

  static byte[] encode(EventBatch batch) {
    WireOut out = new WireOut(64 + 256 * Math.min(batch.events().size(), 512));
    out.writeString(batch.topic());
    out.writeVarLong(batch.events().size());
    for (KvsEvent e : batch.events()) {
      write(out, e);
    }
    return out.toByteArray();
  }

  static EventBatch decode(WireIn in) {
    String topic = in.readString();
    int n = in.readCount();
    List<KvsEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(read(in));
    }
    in.end();
    return new EventBatch(topic, events);
  }

  private static void write(WireOut out, KvsEvent e) {
    if (e instanceof KvsEvent.RootChanged rc) {
      out.writeByte(SETROOT);
      out.writeString(rc.namespace());
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
      out.writeByte(ERROR);
      out.writeString(cf.namespace());
      out.writeSignedLong(cf.epoch());
      out.writeStrings(cf.names());
      out.writeInt(cf.errnum());
    } else if (e instanceof KvsEvent.NamespaceCreated c) {
      out.writeByte(CREATED);
      out.writeString(c.namespace());
      out.writeSignedLong(c.epoch());
      out.writeSignedLong(c.rootseq());
      writeRef(out, c.rootref());
      out.writeSignedLong(c.owner());
    } else if (e instanceof KvsEvent.NamespaceRemoved r) {
      out.writeByte(REMOVED);
      out.writeString(r.namespace());
      out.writeSignedLong(r.epoch());
    } else if (e instanceof KvsEvent.Ping p) {
      out.writeByte(PING);
      out.writeString(p.namespace());
      out.writeSignedLong(p.epoch());
      out.writeSignedLong(p.nonce());
    } else {
      throw new IllegalArgumentException("serial: no binary form for " + e.getClass());
    }
  }

  private static KvsEvent read(WireIn in) {
    int type = in.readByte();
    switch (type) {
      case SETROOT: {
        String ns = in.readString();
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
      case ERROR:
        return new KvsEvent.CommitFailed(in.readString(), in.readSignedLong(), in.readStrings(),
            in.readInt());
      case CREATED:
        return new KvsEvent.NamespaceCreated(in.readString(), in.readSignedLong(),
            in.readSignedLong(), readRef(in), in.readSignedLong());
      case REMOVED:
        return new KvsEvent.NamespaceRemoved(in.readString(), in.readSignedLong());
      case PING:
        return new KvsEvent.Ping(in.readString(), in.readSignedLong(), in.readSignedLong());
      default:
        throw new IllegalArgumentException("serial: malformed message: event type " + type);
    }
  }

  static void writeRef(WireOut out, BlobRef ref) {
    out.writeString(ref == null ? null : ref.value());
  }

  static BlobRef readRef(WireIn in) {
    String s = in.readString();
    return s == null ? null : BlobRef.parse(s);
  }
}
