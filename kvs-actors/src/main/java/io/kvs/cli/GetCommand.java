package io.kvs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.client.KvsClient;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kvs get}: prints the value of each key in order, followed by a newline unless
 * {@code -r} or the value is empty. All lookups are sent at once (pipelined). With {@code -w},
 * {@code -W} or {@code -S} it reads one key through {@code kvs-watch.lookup} and prints each
 * value as it comes, until the stream ends, {@code -c N} values, or Ctrl-C (exit 0).
 */
@Command(name = "get", description = "Get value stored under key.",
    customSynopsis = {"kvs get [-N NS] [-r|-t] [-a TREEOBJ] [-l] KEY...",
        "kvs get [-N NS] [-r|-t] [-l] (-w [-c N] [-u] [-f] [-A] | -S) [-W] KEY",
        "kvs get [-N NS] [-r|-t] [-l] -W KEY"})
final class GetCommand extends Verb {
  @Option(names = {"-r", "--raw"}, description = "Print the value(s) as raw bytes, no newline.")
  boolean raw;

  @Option(names = {"-t", "--treeobj"}, description = "Print the RFC 11 object instead.")
  boolean treeobj;

  @Option(names = {"-a", "--at"}, paramLabel = "TREEOBJ",
      description = "Look up relative to this RFC 11 snapshot reference (a dirref).")
  String at;

  @Option(names = {"-l", "--label"}, description = "Print KEY= before each value.")
  boolean label;

  @Option(names = {"-w", "--watch"}, description = "Print each new value as the key changes.")
  boolean watch;

  @Option(names = {"-W", "--waitcreate"}, description = "Wait for the key to be created.")
  boolean waitcreate;

  @Option(names = {"-c", "--count"}, paramLabel = "N",
      description = "With -w: stop after N values (0: no limit).")
  int count;

  @Option(names = {"-u", "--uniq"}, description = "With -w: only values that differ.")
  boolean uniq;

  @Option(names = {"-A", "--append"}, description = "With -w: print only appended data.")
  boolean append;

  @Option(names = {"-f", "--full"}, description = "With -w: also notice indirect changes.")
  boolean full;

  @Option(names = {"-S", "--stream"}, description = "Read a large value in pieces.")
  boolean stream;

  @Parameters(arity = "1..*", paramLabel = "KEY")
  List<String> keys;

  @Override
  int run() throws Exception {
    if (raw && treeobj) {
      throw usage("-r and -t are mutually exclusive");
    }
    if ((count != 0 || uniq || append || full) && !watch) {
      throw usage("-c, -u, -A and -f need -w");
    }
    if (count < 0) {
      throw usage("-c needs a count >= 0");
    }
    if (watch && stream) {
      throw usage("-w and -S are mutually exclusive");
    }
    if (watch || waitcreate || stream) {
      return runWatch();
    }
    TreeObj rootdir = at == null ? null : parseTreeObj(at, "--at");
    int flags = treeobj ? LookupFlags.TREEOBJ : 0;
    KvsClient c = client();
    List<CompletableFuture<TreeObj>> replies = new ArrayList<>();
    for (String key : keys) {
      replies.add(c.lookup(namespace(), key, flags, rootdir));
    }
    for (int i = 0; i < keys.size(); i++) {
      print(keys.get(i), await(replies.get(i), keys.get(i)));
    }
    return 0;
  }

  private int runWatch() throws Exception {
    if (at != null) {
      throw usage("-a cannot be used with -w, -W or -S");
    }
    if (keys.size() != 1) {
      throw usage("-w, -W and -S take one key");
    }
    String key = keys.get(0);
    int flags = (watch ? LookupFlags.WATCH : 0) | (waitcreate ? LookupFlags.WAITCREATE : 0)
        | (uniq ? LookupFlags.WATCH_UNIQ : 0) | (full ? LookupFlags.WATCH_FULL : 0)
        | (append ? LookupFlags.WATCH_APPEND : 0) | (stream ? LookupFlags.STREAM : 0)
        | (treeobj ? LookupFlags.TREEOBJ : 0);
    WatchRun run = new WatchRun();
    AtomicInteger seen = new AtomicInteger();
    run.attach(client().watch(namespace(), key, flags, value -> {
      if (count > 0 && seen.get() >= count) {
        return; // printed enough; the end of the stream is on its way
      }
      if (append && !treeobj && !json()) {
        out().bytes(KvsClient.valueOf(value).unsafeArray());
      } else {
        print(key, value);
      }
      out().flush();
      if (seen.incrementAndGet() == count) {
        run.stop();
      }
    }));
    run.await(cli(), key, null);
    return 0;
  }

  private void print(String key, TreeObj obj) {
    if (json()) {
      ObjectNode o = KvsClient.object().put("key", key);
      if (treeobj) {
        o.set("treeobj", KvsClient.toJson(obj));
      } else {
        Output.putValue(o, KvsClient.valueOf(obj), raw);
      }
      out().json(o);
      return;
    }
    if (label) {
      out().bytes((key + "=").getBytes(StandardCharsets.UTF_8));
    }
    if (treeobj) {
      out().line(TreeObjCodec.encodeToString(obj));
      return;
    }
    Bytes value = KvsClient.valueOf(obj);
    out().bytes(value.unsafeArray());
    if (!raw && value.length() > 0) {
      out().bytes(new byte[] {'\n'});
    }
  }
}
