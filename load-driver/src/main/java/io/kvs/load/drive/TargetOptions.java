package io.kvs.load.drive;

import io.kvs.client.KvsUri;
import io.kvs.load.cluster.RunDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where a benchmark sends its traffic: an embedded cluster (default) or a running one. */
public final class TargetOptions {
  @Option(names = "--ranks", defaultValue = "4",
      description = "Ranks of the embedded cluster (default: ${DEFAULT-VALUE}).")
  int ranks;

  @Option(names = "--uri", arity = "1..*", paramLabel = "URI",
      description = {"Drive a running cluster instead: one connector URI per rank, rank 0 first",
          "(local:///path/to/local.sock or tcp://host:port?token=T)."})
  List<String> uris = new ArrayList<>();

  @Option(names = "--rundir", paramLabel = "DIR",
      description = "Drive the cluster started by bin/kvs-cluster start --rundir DIR.")
  Path rundir;

  @Option(names = "--root-subscription", paramLabel = "MODE",
      description = {"How rank 0 of the embedded cluster subscribes to namespace events:",
          "wildcard (one subscription for all) or per-namespace (the pre-fix behaviour);",
          "default wildcard."})
  String rootSubscription;

  /** Whether a running cluster was named (then the embedded-only options do not apply). */
  public boolean isRemote() {
    return !uris.isEmpty() || rundir != null;
  }

  /** Checks the combination of options; throws IllegalArgumentException with the reason. */
  public void validate() {
    if (!uris.isEmpty() && rundir != null) {
      throw new IllegalArgumentException("kvs-load: give --uri or --rundir, not both");
    }
    if (isRemote() && rootSubscription != null) {
      throw new IllegalArgumentException("kvs-load: --root-subscription applies to the embedded"
          + " cluster only; a running cluster keeps its own setting (KVS_ROOT_SUBSCRIPTION)");
    }
    if (rootSubscription != null && !rootSubscription.equals("wildcard")
        && !rootSubscription.equals("per-namespace")) {
      throw new IllegalArgumentException("kvs-load: --root-subscription must be wildcard or"
          + " per-namespace, not '" + rootSubscription + "'");
    }
    if (ranks < 1 || ranks > 64) {
      throw new IllegalArgumentException("kvs-load: --ranks must be 1-64, not " + ranks);
    }
  }

  public boolean rootSubscriptionGiven() {
    return rootSubscription != null;
  }

  /** Ranks of the embedded cluster. */
  public int ranks() {
    return ranks;
  }

  /** {@code wildcard} unless told otherwise. */
  public String rootSubscription() {
    return rootSubscription == null ? "wildcard" : rootSubscription;
  }

  /** Starts or reaches the cluster ({@code mode} overrides --root-subscription when not null). */
  public Target open(String mode) throws Exception {
    validate();
    if (rundir != null) {
      return Target.remote(RunDir.uris(rundir));
    }
    if (!uris.isEmpty()) {
      List<KvsUri> parsed = new ArrayList<>();
      for (String u : uris) {
        parsed.add(KvsUri.parse(u));
      }
      return Target.remote(parsed);
    }
    return Target.embedded(ranks, mode != null ? mode : rootSubscription());
  }
}
