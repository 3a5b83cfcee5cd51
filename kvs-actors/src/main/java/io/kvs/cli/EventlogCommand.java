package io.kvs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.client.Eventlog;
import io.kvs.client.KvsClient;
import io.kvs.client.Txn;
import io.kvs.lookup.LookupFlags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kvs eventlog append|get|wait-event} (KVS-SPEC §3.4, §8): eventlogs are values of
 * newline-terminated JSON events, written with the APPEND op flag and read whole or as a
 * WATCH|WATCH_APPEND stream (parsed by {@link Eventlog}).
 */
@Command(name = "eventlog", description = "Append to, read and wait on eventlogs.",
    customSynopsis = "kvs eventlog append|get|wait-event ...",
    subcommands = {EventlogCommand.Append.class, EventlogCommand.Get.class,
        EventlogCommand.WaitEvent.class})
final class EventlogCommand implements java.util.concurrent.Callable<Integer> {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "specify a subcommand: append, get or wait-event");
  }

  /** Prints one event: {@code TIMESTAMP NAME CONTEXT}, its JSON line with -u or -w json. */
  static void print(Verb v, Eventlog.Event e, boolean unformatted) {
    if (v.json()) {
      ObjectNode o = KvsClient.object().put("timestamp", e.timestamp()).put("name", e.name());
      if (e.context() != null) {
        o.set("context", e.context());
      }
      v.out().json(o);
    } else if (unformatted) {
      String line = e.encode();
      v.out().line(line.substring(0, line.length() - 1));
    } else {
      v.out().line(e.format());
    }
    v.out().flush();
  }

  @Command(name = "append", description = "Append an event to an eventlog.",
      customSynopsis = "kvs eventlog append [-N NS] [-t SECONDS] KEY NAME [CONTEXT-JSON...]")
  static final class Append extends Verb {
    @Option(names = {"-t", "--timestamp"}, paramLabel = "SECONDS",
        description = "Timestamp of the event, seconds since the epoch (default: now).")
    Double timestamp;

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Parameters(index = "2..*", paramLabel = "CONTEXT-JSON",
        description = "A JSON object (its words are joined with spaces).")
    List<String> context;

    @Override
    int run() {
      Eventlog.Event e;
      try {
        e = new Eventlog.Event(timestamp == null ? Eventlog.now() : timestamp, name,
            Eventlog.parseContext(context));
      } catch (IllegalArgumentException x) {
        throw usage(x.getMessage().substring(5));
      }
      await(client().commit(namespace(), new Txn().append(key, e.encode())), key);
      return 0;
    }
  }

  @Command(name = "get", description = "Print the events of an eventlog.",
      customSynopsis = "kvs eventlog get [-N NS] [-w] [-W] [-c N] [-u] KEY")
  static final class Get extends Verb {
    @Option(names = {"-w", "--watch"}, description = "Print new events as they are appended.")
    boolean watch;

    @Option(names = {"-W", "--waitcreate"}, description = "Wait for the eventlog to exist.")
    boolean waitcreate;

    @Option(names = {"-c", "--count"}, paramLabel = "N",
        description = "Print at most N events (0: no limit).")
    int count;

    @Option(names = {"-u", "--unformatted"}, description = "Print each event as its JSON line.")
    boolean unformatted;

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Override
    int run() throws Exception {
      if (count < 0) {
        throw usage("-c needs a count >= 0");
      }
      int flags = (watch ? LookupFlags.WATCH | LookupFlags.WATCH_APPEND : 0)
          | (waitcreate ? LookupFlags.WAITCREATE : 0);
      if (flags == 0) {
        List<Eventlog.Event> events;
        try {
          events = Eventlog.parse(KvsClient.valueOf(await(client().lookup(namespace(), key, 0),
              key)));
        } catch (IllegalArgumentException e) {
          throw new CliFailure(key + ": " + e.getMessage().substring(5), e);
        }
        for (int i = 0; i < events.size() && (count == 0 || i < count); i++) {
          print(this, events.get(i), unformatted);
        }
        return 0;
      }
      Eventlog.Reader reader = new Eventlog.Reader();
      AtomicInteger printed = new AtomicInteger();
      WatchRun run = new WatchRun();
      run.attach(client().watch(namespace(), key, flags, value -> {
        for (Eventlog.Event e : reader.feed(KvsClient.valueOf(value))) {
          if (count > 0 && printed.get() >= count) {
            return;
          }
          print(this, e, unformatted);
          if (printed.incrementAndGet() == count) {
            run.stop();
          }
        }
      }));
      run.await(cli(), key, null);
      return 0;
    }
  }

  @Command(name = "wait-event", description = "Wait until an event appears in an eventlog.",
      customSynopsis = "kvs eventlog wait-event [-N NS] [-W] [-t SECONDS] [-u] [-q] [-v] KEY "
          + "EVENT")
  static final class WaitEvent extends Verb {
    @Option(names = {"-W", "--waitcreate"}, description = "Wait for the eventlog to exist.")
    boolean waitcreate;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS",
        description = "Give up after this long (exit 1).")
    Double timeout;

    @Option(names = {"-u", "--unformatted"}, description = "Print events as their JSON lines.")
    boolean unformatted;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also print the events before it.")
    boolean verbose;

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Parameters(index = "1", paramLabel = "EVENT")
    String event;

    @Override
    int run() throws Exception {
      if (timeout != null && !(timeout >= 0)) {
        throw usage("-t needs a number of seconds >= 0");
      }
      int flags = LookupFlags.WATCH | LookupFlags.WATCH_APPEND
          | (waitcreate ? LookupFlags.WAITCREATE : 0);
      Eventlog.Reader reader = new Eventlog.Reader();
      AtomicBoolean found = new AtomicBoolean();
      WatchRun run = new WatchRun();
      run.attach(client().watch(namespace(), key, flags, value -> {
        for (Eventlog.Event e : reader.feed(KvsClient.valueOf(value))) {
          if (found.get()) {
            return;
          }
          boolean match = e.name().equals(event);
          if (!quiet && (match || verbose)) {
            print(this, e, unformatted);
          }
          if (match) {
            found.set(true);
            run.stop();
          }
        }
      }));
      Duration limit = timeout == null ? null : Duration.ofNanos((long) (timeout * 1e9));
      if (!run.await(cli(), key, limit) && !found.get()) {
        throw new CliFailure("timeout waiting for event " + event + " in " + key, null);
      }
      if (!found.get()) {
        throw new CliFailure(key + ": event " + event + " not found", null);
      }
      return 0;
    }
  }
}
