package io.kvs.serial;

import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import io.kvs.Caller;
import io.kvs.namespace.Committed;
import io.kvs.rank.KvsRank;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import io.kvs.txn.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The binary forms of a relayed {@link KvsRank.Commit} and of its reply {@link Committed}.
 * An op's dirent travels as its canonical treeobj JSON. Actor references are written and read
 * by the functions given (the actor system's serialization format of a reference).
 */
final class CommitCodec {
  private static final Caller.Role[] ROLES = Caller.Role.values();

  private CommitCodec() {}

  static byte[] encode(KvsRank.Commit c, Function<ActorRef<?>, String> refs) {
    WireOut out = new WireOut(128);
    out.writeString(c.namespace());
    out.writeInt(c.flags());
    out.writeVarLong(c.ops().size());
    for (Op op : c.ops()) {
      out.writeString(op.key());
      out.writeInt(op.flags());
      out.writeBytes(op.dirent() == null ? null : TreeObjCodec.encode(op.dirent()));
    }
    writeCaller(out, c.caller());
    out.writeString(c.replyTo() == null ? null : refs.apply(c.replyTo()));
    return out.toByteArray();
  }

  static KvsRank.Commit decodeCommit(WireIn in, Function<String, ActorRef<?>> refs) {
    String ns = in.readString();
    int flags = in.readInt();
    int n = in.readCount();
    List<Op> ops = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String key = in.readString();
      int opFlags = in.readInt();
      byte[] dirent = in.readBytes();
      TreeObj obj = dirent == null ? null : TreeObjCodec.decode(dirent);
      ops.add(new Op(key, opFlags, obj));
    }
    Caller caller = readCaller(in);
    String ref = in.readString();
    in.end();
    @SuppressWarnings("unchecked")
    ActorRef<StatusReply<Committed>> replyTo =
        ref == null ? null : (ActorRef<StatusReply<Committed>>) refs.apply(ref);
    return new KvsRank.Commit(ns, flags, ops, caller, replyTo);
  }

  static byte[] encode(Committed c) {
    WireOut out = new WireOut(32 + c.namespace().length() + 72);
    out.writeString(c.namespace());
    EventCodec.writeRef(out, c.rootref());
    out.writeSignedLong(c.rootseq());
    out.writeSignedLong(c.epoch());
    return out.toByteArray();
  }

  static Committed decodeCommitted(WireIn in) {
    Committed c = new Committed(in.readString(), EventCodec.readRef(in), in.readSignedLong(),
        in.readSignedLong());
    in.end();
    return c;
  }

  private static void writeCaller(WireOut out, Caller c) {
    out.writeBoolean(c != null);
    if (c != null) {
      out.writeSignedLong(c.userid());
      out.writeByte(c.role().ordinal());
    }
  }

  private static Caller readCaller(WireIn in) {
    if (!in.readBoolean()) {
      return null;
    }
    long userid = in.readSignedLong();
    int role = in.readByte();
    if (role >= ROLES.length) {
      throw new IllegalArgumentException("serial: malformed message: role " + role);
    }
    return new Caller(userid, ROLES[role]);
  }
}
