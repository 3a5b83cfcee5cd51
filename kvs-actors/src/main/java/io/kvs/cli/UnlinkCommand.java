package io.kvs.cli;

import io.kvs.client.CommitResult;
import io.kvs.client.Errno;
import io.kvs.client.Txn;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.TreeObj;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kvs unlink}: removes the keys in one commit after checking each first, as flux does: a
 * missing key is an error unless {@code -f}, a non-empty directory needs {@code -R}.
 */
@Command(name = "unlink", description = "Remove key(s).",
    customSynopsis = "kvs unlink [-N NS] [-O|-b|-s] [-R] [-f] KEY...")
final class UnlinkCommand extends Verb {
  @picocli.CommandLine.Mixin
  LinkCommands.CommitOutput print;

  @Option(names = {"-R", "--recursive"}, description = "Remove directory contents recursively.")
  boolean recursive;

  @Option(names = {"-f", "--force"}, description = "Ignore nonexistent keys.")
  boolean force;

  @Parameters(arity = "1..*", paramLabel = "KEY")
  List<String> keys;

  @Override
  int run() {
    Txn txn = new Txn();
    for (String key : keys) {
      if (key.isEmpty()) {
        throw usage("empty key");
      }
      if (unlinkable(key)) {
        txn.unlink(key);
      }
    }
    CommitResult r = await(client().commit(namespace(), 0, txn), null);
    printCommit(r, print.treeobjRoot, print.blobref, print.sequence);
    return 0;
  }

  /** False for a missing key with -f; fails for a missing key or a non-empty dir without -R. */
  private boolean unlinkable(String key) {
    String subject = "cannot unlink '" + key + "'";
    CompletableFuture<TreeObj> f = client().lookup(namespace(), key, LookupFlags.TREEOBJ);
    int errnum = errnoOf(f);
    if (errnum == Errno.ENOENT && force) {
      return false;
    }
    TreeObj t = await(f, subject);
    if (recursive) {
      return true;
    }
    if (t instanceof TreeObj.Dir d && d.size() > 0) {
      throw CliFailure.errno(subject, Errno.ENOTEMPTY);
    }
    if (t instanceof TreeObj.DirRef) {
      TreeObj dir = await(client().lookup(namespace(), key, LookupFlags.READDIR), subject);
      if (dir instanceof TreeObj.Dir d && d.size() > 0) {
        throw CliFailure.errno(subject, Errno.ENOTEMPTY);
      }
    }
    return true;
  }
}
