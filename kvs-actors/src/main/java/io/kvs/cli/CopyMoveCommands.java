package io.kvs.cli;

import io.kvs.client.CommitResult;
import io.kvs.client.KvsClient;
import io.kvs.client.Txn;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.TreeObj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kvs copy} and {@code kvs move}, as {@code flux_kvs_copy/move}: look the source up as a
 * tree object, put that object at the destination; a move then unlinks the source in a second
 * commit, so it can half-succeed (the copy stays).
 */
final class CopyMoveCommands {
  private CopyMoveCommands() {}

  abstract static class Transfer extends Verb {
    @Option(names = {"-S", "--src-namespace"}, paramLabel = "NS",
        description = "Namespace of the source key (default: -N).")
    String srcNamespace;

    @Option(names = {"-D", "--dst-namespace"}, paramLabel = "NS",
        description = "Namespace of the destination key (default: -N).")
    String dstNamespace;

    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "DESTINATION")
    String destination;

    abstract boolean removeSource();

    @Override
    int run() {
      if (source.isEmpty() || destination.isEmpty()) {
        throw usage("specify srckey dstkey");
      }
      String src = srcNamespace != null ? srcNamespace : namespace();
      String dst = dstNamespace != null ? dstNamespace : namespace();
      KvsClient c = client();
      TreeObj obj = await(c.lookup(src, source, LookupFlags.TREEOBJ), source);
      CommitResult r = await(c.commit(dst, 0, new Txn().putTreeObj(destination, obj)), destination);
      if (removeSource()) {
        r = await(c.commit(src, 0, new Txn().unlink(source)), source);
      }
      if (json()) {
        printCommit(r, false, false, false);
      }
      return 0;
    }
  }

  @Command(name = "copy", description = "Copy source key to destination key.",
      customSynopsis = "kvs copy [-S NS] [-D NS] SOURCE DESTINATION")
  static final class Copy extends Transfer {
    @Override
    boolean removeSource() {
      return false;
    }
  }

  @Command(name = "move", description = "Move source key to destination key (two commits).",
      customSynopsis = "kvs move [-S NS] [-D NS] SOURCE DESTINATION")
  static final class Move extends Transfer {
    @Override
    boolean removeSource() {
      return true;
    }
  }
}
