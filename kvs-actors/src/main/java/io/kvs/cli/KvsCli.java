package io.kvs.cli;

import io.kvs.client.KvsClient;
import io.kvs.client.KvsClientException;
import io.kvs.client.KvsUri;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code kvs}, the command-line client, mirroring {@code flux kvs} (KVS-SPEC §8): one verb per
 * run, one connection to {@code $KVS_URI}. Exit codes: 0 success, 1 error reported by the
 * service or found in the store, 2 usage error. Loads no Akka class, so a run starts quickly.
 */
@Command(name = "kvs",
    description = {"Access the key-value store at $KVS_URI (local:///path/local.sock or "
        + "tcp://host:port?token=SECRET).", ""},
    customSynopsis = "kvs [-N NS] [-w simple|json] COMMAND [ARGS]",
    commandListHeading = "%nCommands:%n",
    footer = {"", "Run 'kvs COMMAND --help' for the options of a command.",
        "Exit status: 0 success, 1 error from the service, 2 usage error."},
    subcommands = {GetCommand.class, PutCommand.class, DirCommand.class, LsCommand.class,
        UnlinkCommand.class, LinkCommands.Link.class, LinkCommands.Readlink.class,
        LinkCommands.Mkdir.class, CopyMoveCommands.Copy.class, CopyMoveCommands.Move.class,
        RootCommands.Getroot.class, RootCommands.Version.class, RootCommands.Wait.class,
        NamespaceCommand.class, EventlogCommand.class, AdminCommands.Pause.class,
        AdminCommands.Unpause.class, AdminCommands.ConfigReload.class,
        CommandLine.HelpCommand.class})
public final class KvsCli implements Callable<Integer> {
  @Option(names = {"-N", "--namespace"}, paramLabel = "NS",
      description = "KVS namespace for every command (default: $KVS_NAMESPACE, else primary).")
  String namespace;

  @Option(names = {"-w", "--write-out"}, paramLabel = "FORMAT", defaultValue = "simple",
      description = "Output format: ${COMPLETION-CANDIDATES} (json: one object per result).")
  Format format;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Spec
  CommandSpec spec;

  final Map<String, String> env;
  final InputStream in;
  private final PrintStream err;
  private final Output output;
  private final Interrupts interrupts;
  private KvsClient client;

  KvsCli(Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
      Interrupts interrupts) {
    this.env = env;
    this.in = in;
    this.err = err;
    this.output = new Output(out);
    this.interrupts = interrupts;
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(
        new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
    int rc = run(args, System.getenv(), System.in, out, err);
    out.flush();
    System.exit(rc);
  }

  /** Runs one command line; returns the exit code. Used by {@link #main} and by tests. */
  public static int run(String[] args, Map<String, String> env, InputStream in,
      PrintStream out, PrintStream err) {
    return run(args, env, in, out, err, Interrupts.SIGINT);
  }

  /** As {@link #run(String[], Map, InputStream, PrintStream, PrintStream)}, Ctrl-C from tests. */
  static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out,
      PrintStream err, Interrupts interrupts) {
    KvsCli cli = new KvsCli(env, in, out, err, interrupts);
    CommandLine cmd = new CommandLine(cli)
        .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
        .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(cli::onUsageError)
        .setExecutionExceptionHandler(cli::onFailure);
    try {
      return cmd.execute(args);
    } finally {
      cli.output.flush();
      if (cli.client != null) {
        cli.client.close();
      }
    }
  }

  /** {@code kvs} without a command: usage on stderr, exit 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(err);
    return CommandLine.ExitCode.USAGE;
  }

  /** The connection, opened on first use. */
  KvsClient client() {
    if (client == null) {
      client = KvsClient.connect(KvsUri.fromEnv(env));
    }
    return client;
  }

  Output output() {
    return output;
  }

  Interrupts interrupts() {
    return interrupts;
  }

  /** A line on standard error, for errors that do not end the command. */
  void errorLine(String s) {
    err.println(s);
  }

  private int onUsageError(ParameterException e, String[] args) {
    CommandLine c = e.getCommandLine();
    String verb = verbOf(c.getCommandSpec());
    err.println("kvs: " + (verb.isEmpty() ? "" : verb + ": ") + e.getMessage());
    err.println("Try 'kvs " + (verb.isEmpty() ? "" : verb + " ") + "--help' for more information.");
    return CommandLine.ExitCode.USAGE;
  }

  private int onFailure(Exception e, CommandLine c, ParseResult parsed) {
    output.flush();
    String verb = verbOf(c.getCommandSpec());
    String message;
    if (e instanceof CliFailure || e instanceof KvsClientException
        || e instanceof IllegalArgumentException) {
      message = e.getMessage();
      if (message != null && message.startsWith("kvs: ")) {
        message = message.substring(5);
      }
    } else {
      message = "internal error: " + e;
    }
    err.println("kvs: " + verb + ": " + message);
    return CommandLine.ExitCode.SOFTWARE;
  }

  private static String verbOf(CommandSpec spec) {
    String q = spec.qualifiedName(" ");
    return q.startsWith("kvs ") ? q.substring(4) : q.equals("kvs") ? "" : q;
  }
}
