package io.kvs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.client.KvsClient;
import io.kvs.client.RootInfo;
import io.kvs.client.RootVersion;
import io.kvs.treeobj.TreeObjCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvs getroot}, {@code kvs version} and {@code kvs wait}. */
final class RootCommands {
  private RootCommands() {}

  @Command(name = "getroot", description = "Get the KVS root (an RFC 11 dirref by default).",
      customSynopsis = "kvs getroot [-N NS] [-o|-b|-s]")
  static final class Getroot extends Verb {
    @Option(names = {"-o", "--owner"}, description = "Show the owner.")
    boolean owner;

    @Option(names = {"-b", "--blobref"}, description = "Show the blobref.")
    boolean blobref;

    @Option(names = {"-s", "--sequence"}, description = "Show the sequence number.")
    boolean sequence;

    @Override
    int run() {
      String ns = namespace();
      RootInfo r = await(client().getroot(ns), ns);
      if (json()) {
        out().json(KvsClient.object().put("namespace", r.namespace()).put("owner", r.owner())
            .put("rootseq", r.rootseq()).put("rootref", r.rootref()).put("flags", r.flags()));
      } else if (owner) {
        out().line(Long.toString(r.owner() & 0xffffffffL));
      } else if (sequence) {
        out().line(Integer.toString(r.rootseq()));
      } else if (blobref) {
        out().line(r.rootref());
      } else {
        out().line(TreeObjCodec.encodeToString(r.rootDirRef()));
      }
      return 0;
    }
  }

  @Command(name = "version", description = "Display the current KVS version (root sequence).",
      customSynopsis = "kvs version [-N NS]")
  static final class Version extends Verb {
    @Override
    int run() {
      String ns = namespace();
      RootInfo r = await(client().getroot(ns), ns);
      if (json()) {
        out().json(KvsClient.object().put("namespace", ns).put("rootseq", r.rootseq()));
      } else {
        out().line(Integer.toString(r.rootseq()));
      }
      return 0;
    }
  }

  @Command(name = "wait", description = "Block until the KVS reaches VERSION.",
      customSynopsis = "kvs wait [-N NS] VERSION")
  static final class Wait extends Verb {
    @Parameters(index = "0", paramLabel = "VERSION")
    int version;

    @Override
    int run() {
      if (version < 0) {
        throw usage("VERSION must not be negative: " + version);
      }
      String ns = namespace();
      RootVersion v = await(client().waitVersion(ns, version), ns);
      if (json()) {
        ObjectNode o = KvsClient.object().put("namespace", ns).put("rootseq", v.rootseq())
            .put("rootref", v.rootref());
        out().json(o);
      }
      return 0;
    }
  }
}
