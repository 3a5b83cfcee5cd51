package io.kvs.cli;

import io.kvs.client.KvsClient;
import io.kvs.client.NamespaceInfo;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.TreeObj;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvs namespace create|remove|list} (instance owner only, on the service side). */
@Command(name = "namespace", description = "Perform KVS namespace operations.",
    customSynopsis = "kvs namespace create|remove|list ...",
    subcommands = {NamespaceCommand.Create.class, NamespaceCommand.Remove.class,
        NamespaceCommand.ListNs.class})
final class NamespaceCommand implements java.util.concurrent.Callable<Integer> {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "specify a subcommand: create, remove or list");
  }

  @Command(name = "create", description = "Create KVS namespace(s).",
      customSynopsis = "kvs namespace create [-o UID] [-r ROOTREF] NAME...")
  static final class Create extends Verb {
    @Option(names = {"-o", "--owner"}, paramLabel = "UID",
        description = "Owner userid (default: the instance owner).")
    Long owner;

    @Option(names = {"-r", "--rootref"}, paramLabel = "ROOTREF",
        description = "Initial root: a blobref or an RFC 11 dirref (default: empty).")
    String rootref;

    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Override
    int run() {
      if (owner != null && (owner < 0 || owner > 0xffffffffL)) {
        throw usage("--owner requires an unsigned integer argument");
      }
      String ref = rootref == null ? null : blobref(rootref);
      long o = owner == null ? KvsClient.OWNER_INSTANCE : owner;
      for (String name : names) {
        await(client().namespaceCreate(name, o, 0, ref), name);
        if (json()) {
          out().json(KvsClient.object().put("namespace", name).put("created", true));
        }
      }
      return 0;
    }

    private String blobref(String text) {
      if (text.trim().startsWith("{")) {
        TreeObj t = parseTreeObj(text, "--rootref");
        if (t instanceof TreeObj.DirRef d) {
          return d.ref().value();
        }
        throw usage("--rootref: not a dirref: " + text);
      }
      if (!BlobRef.isValid(text)) {
        throw usage("--rootref: invalid blobref: " + text);
      }
      return text;
    }
  }

  @Command(name = "remove", description = "Remove KVS namespace(s).",
      customSynopsis = "kvs namespace remove NAME...")
  static final class Remove extends Verb {
    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Override
    int run() {
      for (String name : names) {
        await(client().namespaceRemove(name), name);
        if (json()) {
          out().json(KvsClient.object().put("namespace", name).put("removed", true));
        }
      }
      return 0;
    }
  }

  @Command(name = "list", description = "List namespaces on the local rank.",
      customSynopsis = "kvs namespace list")
  static final class ListNs extends Verb {
    @Override
    int run() {
      List<NamespaceInfo> all = await(client().namespaceList(), null);
      if (!json()) {
        out().line("NAMESPACE                                 OWNER      FLAGS");
      }
      for (NamespaceInfo ns : all) {
        long owner = ns.owner() & 0xffffffffL;
        if (json()) {
          out().json(KvsClient.object().put("namespace", ns.namespace()).put("owner", owner)
              .put("flags", ns.flags()));
        } else {
          out().line(String.format(Locale.ROOT, "%-36s %10d 0x%08X", ns.namespace(), owner,
              ns.flags()));
        }
      }
      return 0;
    }
  }
}
