package io.kvs.load;

import io.kvs.load.cluster.FanoutCommand;
import io.kvs.load.commit.CommitBenchCommand;
import io.kvs.load.jobs.JobsCommand;
import io.kvs.load.nsbench.NsBenchCommand;
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
    subcommands = {NsBenchCommand.class, JobsCommand.class, CommitBenchCommand.class,
      RankBenchCommand.class, FanoutCommand.class, FollowerCreateCommand.class,
      ConnectorBenchCommand.class, WatchBenchCommand.class, CommandLine.HelpCommand.class})
public final class KvsLoad implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  public static void main(String[] args) {
    // Initialize logging before any rank starts, so that no log call races its initialization
    // (SLF4J would print a "replayed" notice).
    org.slf4j.LoggerFactory.getILoggerFactory();
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line, with bad option values and failed runs reported as one line on stderr
   * ({@code kvs-load: ...}) and exit code 2, not as a stack trace.
   */
  public static CommandLine commandLine() {
    return new CommandLine(new KvsLoad()).setParameterExceptionHandler((e, args) -> {
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println("kvs-load: " + e.getMessage() + " (see: kvs-load "
          + (cmd.getCommandName().equals("kvs-load") ? "" : cmd.getCommandName() + " ")
          + "--help)");
      return 2;
    }).setExecutionExceptionHandler((e, cmd, parsed) -> {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      cmd.getErr().println(message.startsWith("kvs-load:") ? message : "kvs-load: " + message);
      if (!(e instanceof IllegalArgumentException || e instanceof IllegalStateException)) {
        e.printStackTrace(cmd.getErr());
      }
      return 2;
    });
  }
}
