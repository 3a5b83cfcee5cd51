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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kvs get}: prints the value of each key in order, followed by a newline unless
 * {@code -r} or the value is empty. All lookups are sent at once (pipelined).
 */
@Command(name = "get", description = "Get value stored under key.",
    customSynopsis = "kvs get [-N NS] [-r|-t] [-a TREEOBJ] [-l] KEY...")
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

  @Parameters(arity = "1..*", paramLabel = "KEY")
  List<String> keys;

  @Override
  int run() {
    if (raw && treeobj) {
      throw usage("-r and -t are mutually exclusive");
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
