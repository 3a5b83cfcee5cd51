package io.kvs.node;

import io.kvs.rank.KvsRank;
import io.kvs.rank.KvsSettings;


import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.pattern.StatusReply;
import akka.cluster.typed.SelfUp;
import akka.cluster.typed.Subscribe;
import akka.cluster.typed.Unsubscribe;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one rank in the foreground: {@code bin/kvs-node}, and every rank that
 * {@code bin/kvs-cluster} and the containers of docker-compose.yml start.
 *
 * <p>The configuration is, highest priority first: JVM system properties; the seed nodes built
 * from {@code KVS_SEEDS}; in the {@code local} deployment, port {@code kvs.node.base-port + rank}
 * unless {@code KVS_PORT} is set; the deployment file ({@code --config FILE}, else the
 * resource {@code $KVS_DEPLOYMENT.conf}, {@code local} by default); the reference
 * configuration. {@code ${?KVS_...}} substitutions resolve against the environment.
 *
 * <p>The rank writes {@code <kvs.rundir>/rank-N/pid} at start, creates
 * {@code <kvs.rundir>/rank-N/ready} (holding its address) and prints
 * {@code kvs-node: rank N of SIZE ready at akka://kvs@host:port} once its member is Up and its
 * rank serves requests (a follower has found rank 0). SIGTERM
 * runs Akka's coordinated shutdown (leave the cluster, stop), which removes the ready file
 * first and the pid file last. Exit status: 0 after a requested stop, 1 when the rank failed to
 * start or was removed from the cluster, 2 on a usage or configuration error.
 */
public final class KvsNodeMain {

  /** The actor system name of every rank: seed addresses are {@code akka://kvs@host:port}. */
  public static final String SYSTEM_NAME = "kvs";

  /** The deployment used when neither {@code KVS_DEPLOYMENT} nor {@code --config} is given. */
  public static final String DEFAULT_DEPLOYMENT = "local";

  /** Printed on stdout once the rank is Up; bin/kvs-cluster and tests look for it. */
  public static final String READY_PREFIX = "kvs-node: rank ";

  private static final String USAGE = String.join("\n",
      "Usage: kvs-node [--config FILE] [--exit-when-up] [--help]",
      "Starts one rank of the KVS in the foreground; SIGTERM stops it.",
      "",
      "  --config FILE   deployment configuration (HOCON) instead of the resource",
      "                  $KVS_DEPLOYMENT.conf; it may 'include \"local.conf\"' and override keys",
      "  --exit-when-up  stop as soon as the rank is Up (smoke tests, class-data archives)",
      "  --help          this text",
      "",
      "Environment:",
      "  KVS_RANK, KVS_SIZE   this rank (0..SIZE-1) and the number of ranks (default 0 and 1)",
      "  KVS_HOST, KVS_PORT   address of this rank (local default 127.0.0.1, port 2551+rank)",
      "  KVS_SEEDS            host:port,... of the seed ranks (none: form a new cluster)",
      "  KVS_RUNDIR           run directory; this rank uses <rundir>/rank-N (default ./run)",
      "  KVS_DEPLOYMENT       local (default) or docker: the configuration resource to load",
      "  KVS_LOGLEVEL         log level (default INFO); logs go to stderr",
      "");

  private static final Pattern SEED =
      Pattern.compile("(?:akka://[^@/]+@)?(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");

  private KvsNodeMain() {}

  public static void main(String[] args) {
    int status = run(args, System.getenv(), System.out, System.err);
    if (status >= 0) {
      System.exit(status);
    }
    // status < 0: the JVM is already shutting down (SIGTERM); returning lets it finish.
  }

  /** Parsed command line. */
  record Options(Optional<Path> configFile, boolean exitWhenUp) {}

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = parseArgs(args);
    } catch (IllegalArgumentException e) {
      err.println("kvs-node: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (options == null) {
      out.print(USAGE);
      return 0;
    }

    Config config;
    KvsSettings settings;
    Path rankDir;
    try {
      config = loadConfig(env, options.configFile());
      settings = KvsSettings.fromConfig(config);
      rankDir = rankDir(config, settings.rank());
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("kvs-node: configuration error: " + e.getMessage());
      return 2;
    }

    configureLogging(env, settings.rank());
    Logger log = LoggerFactory.getLogger(KvsNodeMain.class);

    Path pidFile = rankDir.resolve("pid");
    Path readyFile = rankDir.resolve("ready");
    long pid = ProcessHandle.current().pid();
    try {
      Files.createDirectories(rankDir);
      Optional<Long> other = livePid(pidFile);
      if (other.isPresent() && other.get() != pid) {
        err.println("kvs-node: rank " + settings.rank() + " already runs in " + rankDir
            + " as pid " + other.get());
        return 1;
      }
      Files.deleteIfExists(readyFile);
      writeAtomically(pidFile, pid + "\n");
    } catch (IOException e) {
      err.println("kvs-node: cannot use run directory " + rankDir + ": " + e);
      return 1;
    }

    ActorSystem<KvsNode.Command> system;
    try {
      Optional<Path> file = options.configFile();
      system = KvsNode.start(SYSTEM_NAME, config, () -> {
        ConfigFactory.invalidateCaches(); // system properties are read again too
        return loadConfig(env, file);
      });
    } catch (RuntimeException e) {
      log.error("rank {} failed to start", settings.rank(), e);
      err.println("kvs-node: rank " + settings.rank() + " failed to start: " + e);
      deleteQuietly(pidFile);
      return 1;
    }

    CoordinatedShutdown cs = CoordinatedShutdown.get(Adapter.toClassic(system));
    cs.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "kvs-node-unready", () -> {
      deleteQuietly(readyFile);
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    cs.addTask(CoordinatedShutdown.PhaseActorSystemTerminate(), "kvs-node-pid-file", () -> {
      deleteQuietly(pidFile);
      return CompletableFuture.completedFuture(Done.getInstance());
    });

    system.systemActorOf(readyWatcher(system, settings.instanceOwner(), () -> {
      String address = Cluster.get(system).selfMember().address().toString();
      try {
        writeAtomically(readyFile, address + "\n");
      } catch (IOException e) {
        log.error("cannot write {}", readyFile, e);
      }
      out.println(READY_PREFIX + settings.rank() + " of " + settings.size() + " ready at "
          + address);
      out.flush();
      log.info("rank {} of {} is Up and serving at {} (pid {}, run directory {})", settings.rank(),
          settings.size(), address, pid, rankDir);
      if (options.exitWhenUp()) {
        system.terminate();
      }
    }), "kvs-node-ready", Props.empty());

    system.getWhenTerminated().toCompletableFuture().join();
    deleteQuietly(readyFile);
    deleteQuietly(pidFile);
    Optional<CoordinatedShutdown.Reason> reason = cs.getShutdownReason();
    if (reason.isPresent() && reason.get() == CoordinatedShutdown.jvmExitReason()) {
      return -1;
    }
    boolean requested = options.exitWhenUp() || reason.isEmpty()
        || reason.get() == CoordinatedShutdown.actorSystemTerminateReason();
    if (!requested) {
      err.println("kvs-node: rank " + settings.rank() + " stopped: " + reason.get());
    }
    return requested ? 0 : 1;
  }

  static Options parseArgs(String[] args) {
    Optional<Path> file = Optional.empty();
    boolean exitWhenUp = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help":
        case "-h":
          return null;
        case "--exit-when-up":
          exitWhenUp = true;
          break;
        case "--config":
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--config needs a FILE");
          }
          file = Optional.of(Path.of(args[++i]));
          break;
        default:
          if (a.startsWith("--config=")) {
            file = Optional.of(Path.of(a.substring("--config=".length())));
          } else {
            throw new IllegalArgumentException("unknown argument: " + a);
          }
      }
    }
    if (file.isPresent() && !Files.isReadable(file.get())) {
      throw new IllegalArgumentException("cannot read configuration file " + file.get());
    }
    return new Options(file, exitWhenUp);
  }

  /**
   * The full configuration of a rank for this environment: see the class comment for the
   * layers. {@code env} stands for the process environment, so that tests can check a
   * deployment (docker-compose.yml) without setting variables.
   */
  public static Config loadConfig(Map<String, String> env, Optional<Path> configFile) {
    Config deployment;
    if (configFile.isPresent()) {
      deployment = ConfigFactory.parseFile(configFile.get().toFile());
    } else {
      String name = env.getOrDefault("KVS_DEPLOYMENT", "");
      name = name.isBlank() ? DEFAULT_DEPLOYMENT : name.trim().toLowerCase(Locale.ROOT);
      if (!name.matches("[a-z0-9-]+")) {
        throw new IllegalArgumentException("KVS_DEPLOYMENT must be a name such as local or "
            + "docker, got " + name);
      }
      deployment = ConfigFactory.parseResources(KvsNodeMain.class.getClassLoader(),
          name + ".conf");
      if (deployment.isEmpty()) {
        throw new IllegalArgumentException("no deployment configuration " + name
            + ".conf on the class path (KVS_DEPLOYMENT: local or docker)");
      }
    }
    Config seeds = seedNodesConfig(env.get("KVS_SEEDS"));
    Config top = ConfigFactory.defaultOverrides().withFallback(seeds);
    Config unresolved = top.withFallback(deployment);
    Config config = resolve(unresolved, env);

    // Port of the local deployment: base-port + rank, unless KVS_PORT or a system property
    // chose it.
    String portPath = "akka.remote.artery.canonical.port";
    boolean portGiven = env.containsKey("KVS_PORT") || System.getProperty(portPath) != null;
    if (!portGiven && config.hasPath("kvs.node.base-port")) {
      int base = config.getInt("kvs.node.base-port");
      int port = base == 0 ? 0 : base + config.getInt("kvs.rank");
      unresolved = top.withFallback(ConfigFactory.parseString(portPath + " = " + port))
          .withFallback(deployment);
      config = resolve(unresolved, env);
    }
    return config;
  }

  private static Config resolve(Config unresolved, Map<String, String> env) {
    Config all = unresolved.withFallback(ConfigFactory.defaultReferenceUnresolved(
        KvsNodeMain.class.getClassLoader()));
    // ${?KVS_...} substitutions look up the environment as top-level keys of the
    // configuration; the given map stands for it, and its keys are removed afterwards.
    Config resolved = all.withFallback(ConfigValueFactory.fromMap(env).toConfig())
        .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    for (String key : env.keySet()) {
      if (!all.root().containsKey(key)) {
        resolved = resolved.withoutPath(ConfigUtil.joinPath(key));
      }
    }
    return resolved;
  }

  /**
   * {@code akka.cluster.seed-nodes} from a {@code KVS_SEEDS} value: a comma-separated list of
   * {@code host:port} (an {@code akka://kvs@host:port} entry is accepted as it is). Null or
   * blank: no seed-nodes entry (the reference default, none, applies).
   */
  public static Config seedNodesConfig(String seeds) {
    List<String> addresses = seedAddresses(seeds);
    if (addresses.isEmpty()) {
      return ConfigFactory.empty();
    }
    String list = addresses.stream().map(a -> '"' + a + '"').collect(Collectors.joining(", "));
    return ConfigFactory.parseString("akka.cluster.seed-nodes = [" + list + "]",
        com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("KVS_SEEDS"));
  }

  /** The seed node addresses of a {@code KVS_SEEDS} value, in order; see {@link #seedNodesConfig}. */
  public static List<String> seedAddresses(String seeds) {
    List<String> out = new ArrayList<>();
    if (seeds == null || seeds.isBlank()) {
      return out;
    }
    for (String raw : seeds.split(",")) {
      String s = raw.trim();
      if (s.isEmpty()) {
        continue;
      }
      Matcher m = SEED.matcher(s);
      if (!m.matches()) {
        throw new IllegalArgumentException("KVS_SEEDS: expected host:port[,host:port...], got '"
            + s + "'");
      }
      if (s.startsWith("akka://") && !s.startsWith("akka://" + SYSTEM_NAME + "@")) {
        throw new IllegalArgumentException("KVS_SEEDS: the actor system of every rank is '"
            + SYSTEM_NAME + "', got '" + s + "'");
      }
      int port = Integer.parseInt(m.group(2));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("KVS_SEEDS: bad port in '" + s + "'");
      }
      out.add("akka://" + SYSTEM_NAME + "@" + m.group(1) + ":" + port);
    }
    return out;
  }

  /** {@code <kvs.rundir>/rank-N}; {@code kvs.rundir} is read here, KvsSettings does not hold it. */
  static Path rankDir(Config config, int rank) {
    String dir = config.hasPath("kvs.rundir") ? config.getString("kvs.rundir") : "run";
    if (dir.isBlank()) {
      throw new IllegalArgumentException("kvs.rundir (KVS_RUNDIR) must not be empty");
    }
    return Path.of(dir).toAbsolutePath().normalize().resolve("rank-" + rank);
  }

  private enum Probe { INSTANCE }

  /**
   * Runs {@code onReady} once the member is Up and its rank serves: it answers a namespace list
   * (on a follower that needs rank 0 found), so "ready" means clients can be served.
   */
  private static Behavior<Object> readyWatcher(ActorSystem<KvsNode.Command> system, long owner,
      Runnable onReady) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), SelfUp.class));
      ActorRef<?>[] rank = {null};
      return Behaviors.receive(Object.class)
          .onMessage(SelfUp.class, up -> {
            cluster.subscriptions().tell(new Unsubscribe<>(ctx.getSelf().narrow()));
            system.tell(new KvsNode.GetRank(ctx.getSelf().narrow()));
            return Behaviors.same();
          })
          .onMessage(ActorRef.class, ref -> {
            rank[0] = ref;
            ctx.getSelf().tell(Probe.INSTANCE);
            return Behaviors.same();
          })
          .onMessageEquals(Probe.INSTANCE, () -> {
            @SuppressWarnings("unchecked")
            ActorRef<KvsRank.Command> r = (ActorRef<KvsRank.Command>) rank[0];
            r.tell(new KvsRank.ListNamespaces(io.kvs.Caller.owner(owner),
                ctx.getSelf().narrow()));
            return Behaviors.same();
          })
          .onMessage(StatusReply.class, reply -> {
            if (reply.isSuccess()) {
              onReady.run();
              return Behaviors.stopped();
            }
            timers.startSingleTimer(Probe.INSTANCE, java.time.Duration.ofMillis(50));
            return Behaviors.same();
          })
          .build();
    }));
  }

  /** The pid in a pid file if that process is alive and is a rank; empty otherwise. */
  private static Optional<Long> livePid(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().map(c -> c.contains(KvsNodeMain.class.getName()))
              .orElse(true))
          .map(ProcessHandle::pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // nothing more to do
    }
  }

  /**
   * Logs to stderr at INFO (KVS_LOGLEVEL), each line tagged with the rank, unless a logback
   * configuration was given (logback.xml on the class path or -Dlogback.configurationFile).
   */
  private static void configureLogging(Map<String, String> env, int rank) {
    if (System.getProperty("logback.configurationFile") != null
        || KvsNodeMain.class.getClassLoader().getResource("logback.xml") != null
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
      return;
    }
    String level = env.getOrDefault("KVS_LOGLEVEL", "INFO").trim().toUpperCase(Locale.ROOT);
    if (level.equals("WARNING")) {
      level = "WARN";
    }
    if (!level.matches("OFF|ERROR|WARN|INFO|DEBUG|TRACE")) {
      level = "INFO";
    }
    String xml = "<configuration>"
        + "<appender name=\"STDERR\" class=\"ch.qos.logback.core.ConsoleAppender\">"
        + "<target>System.err</target><encoder><pattern>"
        + "%d{HH:mm:ss.SSS} %-5level [rank " + rank + "] %logger{36} - %msg%n"
        + "</pattern></encoder></appender>"
        + "<root level=\"" + level + "\"><appender-ref ref=\"STDERR\"/></root>"
        + "</configuration>";
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (ch.qos.logback.core.joran.spi.JoranException e) {
      System.err.println("kvs-node: logging configuration failed: " + e);
    }
  }
}
