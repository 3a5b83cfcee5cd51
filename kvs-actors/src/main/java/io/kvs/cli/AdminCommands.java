package io.kvs.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.client.KvsClient;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code kvs setroot-pause}, {@code kvs setroot-unpause} and {@code kvs config-reload}. */
final class AdminCommands {
  private AdminCommands() {}

  /** Pause or unpause: the same request with a different topic. */
  abstract static class PauseVerb extends Verb {
    abstract boolean pause();

    @Override
    int run() {
      String ns = namespace();
      await(pause() ? client().setrootPause(ns) : client().setrootUnpause(ns), ns);
      return 0;
    }
  }

  @Command(name = "setroot-pause",
      description = {"Hold new roots of the namespace on the connected rank (a test hook).",
          "Lookups there see the root as it is now; commits made through that rank are "
              + "answered only after setroot-unpause."},
      customSynopsis = "kvs setroot-pause [-N NS]")
  static final class Pause extends PauseVerb {
    @Override
    boolean pause() {
      return true;
    }
  }

  @Command(name = "setroot-unpause",
      description = "Install the roots held by setroot-pause, in order, and answer held commits.",
      customSynopsis = "kvs setroot-unpause [-N NS]")
  static final class Unpause extends PauseVerb {
    @Override
    boolean pause() {
      return false;
    }
  }

  @Command(name = "config-reload",
      description = {"Make the connected rank read its configuration again (instance owner).",
          "Prints the settings whose value changed, one per line. Only kvs.transaction-merge, "
              + "kvs.max-txn-ops, kvs.follower.namespace-idle-expiry and "
              + "kvs.follower.resync-after can change while a rank runs; a change to any other "
              + "kvs setting refuses the whole reload."},
      customSynopsis = "kvs config-reload")
  static final class ConfigReload extends Verb {
    @Override
    int run() {
      List<String> changed = await(client().configReload(), "config-reload");
      if (json()) {
        ObjectNode o = KvsClient.object();
        ArrayNode a = o.putArray("changed");
        changed.forEach(a::add);
        out().json(o);
      } else {
        changed.forEach(out()::line);
      }
      return 0;
    }
  }
}
