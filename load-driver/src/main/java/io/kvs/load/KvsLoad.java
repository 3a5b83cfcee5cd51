package io.kvs.load;

import io.kvs.load.cluster.FanoutCommand;
import io.kvs.load.cluster.FollowerCreateCommand;
import io.kvs.load.connector.ConnectorBenchCommand;
import io.kvs.load.rank.RankBenchCommand;
import io.kvs.load.watch.WatchBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kvs-load}: benchmarks of the KVS service. */
@Command(
    name = "kvs-load",
    mixinStandardHelpOptions = true,
    version = "kvs-load 0.1.0",
    description = "Benchmarks of the KVS service.",
    subcommands = {RankBenchCommand.class, FanoutCommand.class, FollowerCreateCommand.class,
      ConnectorBenchCommand.class, WatchBenchCommand.class, CommandLine.HelpCommand.class})
public final class KvsLoad implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new KvsLoad()).execute(args));
  }
}
