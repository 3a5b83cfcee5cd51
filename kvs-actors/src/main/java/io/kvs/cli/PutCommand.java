package io.kvs.cli;

import io.kvs.client.CommitResult;
import io.kvs.client.Txn;
import io.kvs.treeobj.Bytes;
import io.kvs.txn.CommitFlags;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kvs put}: stores every {@code key=value} in one atomic commit. A value is stored as its
 * UTF-8 bytes (no JSON interpretation); with {@code -r} or {@code -t} the value {@code -} is
 * read from standard input.
 */
@Command(name = "put", description = "Store value under key (all pairs in one transaction).",
    customSynopsis = "kvs put [-N NS] [-O|-b|-s] [-r|-t] [-n] [-A] [-S] KEY=VALUE...")
final class PutCommand extends Verb {
  @picocli.CommandLine.Mixin
  LinkCommands.CommitOutput print;

  @Option(names = {"-r", "--raw"}, description = "Store value(s) as-is; VALUE - reads stdin.")
  boolean raw;

  @Option(names = {"-t", "--treeobj"}, description = "VALUE is an RFC 11 object to store.")
  boolean treeobj;

  @Option(names = {"-n", "--no-merge"}, description = "Never merge this commit with others.")
  boolean noMerge;

  @Option(names = {"-A", "--append"}, description = "Append value(s) instead of overwriting.")
  boolean append;

  @Option(names = {"-S", "--sync"}, description = "Checkpoint the root after the commit.")
  boolean sync;

  @Parameters(arity = "1..*", paramLabel = "KEY=VALUE")
  List<String> pairs;

  @Override
  int run() {
    if (raw && treeobj) {
      throw usage("-r and -t are mutually exclusive");
    }
    if (treeobj && append) {
      throw usage("-A cannot append a tree object");
    }
    Txn txn = new Txn();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw usage("you must specify a value as key=value: " + pair);
      }
      String key = pair.substring(0, eq);
      String text = pair.substring(eq + 1);
      if (key.isEmpty()) {
        throw usage("empty key in " + pair);
      }
      if (treeobj) {
        String json = text.equals("-") ? new String(stdin(), java.nio.charset.StandardCharsets.UTF_8)
            : text;
        txn.putTreeObj(key, parseTreeObj(json.trim(), key));
        continue;
      }
      Bytes value = raw && text.equals("-") ? Bytes.wrap(stdin()) : Bytes.utf8(text);
      if (append) {
        txn.append(key, value);
      } else {
        txn.put(key, value);
      }
    }
    int flags = (noMerge ? CommitFlags.NO_MERGE : 0) | (sync ? CommitFlags.SYNC : 0);
    CommitResult r = await(client().commit(namespace(), flags, txn), null);
    printCommit(r, print.treeobjRoot, print.blobref, print.sequence);
    return 0;
  }

  private byte[] stdin() {
    try {
      return cli().in.readAllBytes();
    } catch (IOException e) {
      throw new CliFailure("stdin: " + e.getMessage(), e);
    }
  }
}
