package io.kvs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.client.CommitResult;
import io.kvs.client.Errno;
import io.kvs.client.KvsClient;
import io.kvs.client.Txn;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.TreeObj;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvs link}, {@code kvs readlink} and {@code kvs mkdir}. */
final class LinkCommands {
  private LinkCommands() {}

  /** Options of the verbs that commit and can print the new root. */
  static class CommitOutput {
    @Option(names = {"-O", "--treeobj-root"}, description = "Print the new root as an RFC 11 dirref.")
    boolean treeobjRoot;

    @Option(names = {"-b", "--blobref"}, description = "Print the blobref of the new root.")
    boolean blobref;

    @Option(names = {"-s", "--sequence"}, description = "Print the sequence of the new root.")
    boolean sequence;
  }

  @Command(name = "link", description = "Create a new name for target.",
      customSynopsis = "kvs link [-N NS] [-T NS] [-O|-b|-s] TARGET LINKNAME")
  static final class Link extends Verb {
    @picocli.CommandLine.Mixin
    CommitOutput print;

    @Option(names = {"-T", "--target-namespace"}, paramLabel = "NS",
        description = "Namespace of the target (default: the link's own).")
    String targetNamespace;

    @Parameters(index = "0", paramLabel = "TARGET")
    String target;

    @Parameters(index = "1", paramLabel = "LINKNAME")
    String linkname;

    @Override
    int run() {
      if (target.isEmpty() || linkname.isEmpty()) {
        throw usage("specify target and link_name");
      }
      Txn txn = new Txn().symlink(linkname, targetNamespace, target);
      CommitResult r = await(client().commit(namespace(), 0, txn), linkname);
      printCommit(r, print.treeobjRoot, print.blobref, print.sequence);
      return 0;
    }
  }

  @Command(name = "readlink", description = "Retrieve the key a link refers to.",
      customSynopsis = "kvs readlink [-N NS] [-a TREEOBJ] [-o|-k] KEY...")
  static final class Readlink extends Verb {
    @Option(names = {"-a", "--at"}, paramLabel = "TREEOBJ",
        description = "Look up relative to this RFC 11 snapshot reference (a dirref).")
    String at;

    @Option(names = {"-o", "--namespace-only"},
        description = "Print only the namespace if the link points to one.")
    boolean namespaceOnly;

    @Option(names = {"-k", "--key-only"}, description = "Print only the key.")
    boolean keyOnly;

    @Parameters(arity = "1..*", paramLabel = "KEY")
    List<String> keys;

    @Override
    int run() {
      if (namespaceOnly && keyOnly) {
        throw usage("-o and -k are mutually exclusive");
      }
      TreeObj rootdir = at == null ? null : parseTreeObj(at, "--at");
      KvsClient c = client();
      List<CompletableFuture<TreeObj>> replies = new ArrayList<>();
      for (String key : keys) {
        replies.add(c.lookup(namespace(), key, LookupFlags.READLINK, rootdir));
      }
      for (int i = 0; i < keys.size(); i++) {
        TreeObj t = await(replies.get(i), keys.get(i));
        if (!(t instanceof TreeObj.Symlink s)) {
          throw CliFailure.errno(keys.get(i), Errno.EINVAL);
        }
        print(keys.get(i), s);
      }
      return 0;
    }

    private void print(String key, TreeObj.Symlink s) {
      if (json()) {
        ObjectNode o = KvsClient.object().put("key", key);
        if (s.namespace() != null) {
          o.put("namespace", s.namespace());
        }
        out().json(o.put("target", s.target()));
      } else if (namespaceOnly && s.namespace() != null) {
        out().line(s.namespace());
      } else if (keyOnly || s.namespace() == null) {
        out().line(s.target());
      } else {
        out().line(s.namespace() + "::" + s.target());
      }
    }
  }

  @Command(name = "mkdir", description = "Create directories (one transaction).",
      customSynopsis = "kvs mkdir [-N NS] [-O|-b|-s] KEY...")
  static final class Mkdir extends Verb {
    @picocli.CommandLine.Mixin
    CommitOutput print;

    @Parameters(arity = "1..*", paramLabel = "KEY")
    List<String> keys;

    @Override
    int run() {
      Txn txn = new Txn();
      for (String key : keys) {
        if (key.isEmpty()) {
          throw usage("empty key");
        }
        txn.mkdir(key);
      }
      CommitResult r = await(client().commit(namespace(), 0, txn), null);
      printCommit(r, print.treeobjRoot, print.blobref, print.sequence);
      return 0;
    }
  }
}
