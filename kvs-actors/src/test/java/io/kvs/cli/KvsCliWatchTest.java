package io.kvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** get -w/-W/-c/-u/-A/-S and eventlog append/get/wait-event against the fake store. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KvsCliWatchTest {
  @TempDir
  Path dir;

  private CliHarness kvs;

  @BeforeEach
  void start() throws Exception {
    kvs = new CliHarness(dir);
  }

  @AfterEach
  void stop() throws Exception {
    kvs.close();
  }

  /** Runs {@code args} in the background, once it listens for Ctrl-C. */
  private CompletableFuture<CliHarness.Result> background(String... args) throws Exception {
    CompletableFuture<CliHarness.Result> r = CompletableFuture.supplyAsync(() -> kvs.run(args));
    for (int i = 0; i < 250 && !kvs.ctrlC.armed() && !r.isDone(); i++) {
      Thread.sleep(20);
    }
    Thread.sleep(50); // the watch request is on its way
    return r;
  }

  @Test
  void getWatchPrintsTheValueAndEachChangeAndStopsAfterCountValues() throws Exception {
    kvs.ok("put", "w.a=one");
    CompletableFuture<CliHarness.Result> r = background("get", "-w", "-c", "3", "w.a");
    kvs.ok("put", "w.a=two");
    kvs.ok("put", "w.a=three");
    CliHarness.Result done = r.get(10, TimeUnit.SECONDS);
    assertThat(done.exitCode()).isZero();
    assertThat(done.out()).isEqualTo("one\ntwo\nthree\n");
    assertThat(kvs.requests("kvs-watch.lookup").get(0).path("payload").path("flags").asInt())
        .isEqualTo(4);
    assertThat(kvs.requests("kvs-watch.cancel")).hasSize(1);
  }

  @Test
  void ctrlCCancelsTheWatchAndExitsZero() throws Exception {
    kvs.ok("put", "w.b=x");
    CompletableFuture<CliHarness.Result> r = background("get", "-w", "w.b");
    kvs.ctrlC.press();
    CliHarness.Result done = r.get(10, TimeUnit.SECONDS);
    assertThat(done.exitCode()).isZero();
    assertThat(done.out()).isEqualTo("x\n");
    assertThat(kvs.requests("kvs-watch.cancel")).hasSize(1);
  }

  @Test
  void uniqSkipsUnchangedValuesAndFlagsGoOnTheWire() throws Exception {
    kvs.ok("put", "w.u=same");
    CompletableFuture<CliHarness.Result> r = background("get", "-w", "-u", "-c", "2", "w.u");
    kvs.ok("put", "w.u=same");
    kvs.ok("put", "w.u=new");
    assertThat(r.get(10, TimeUnit.SECONDS).out()).isEqualTo("same\nnew\n");
    assertThat(kvs.requests("kvs-watch.lookup").get(0).path("payload").path("flags").asInt())
        .isEqualTo(4 | 128);
  }

  @Test
  void appendPrintsOnlyTheAppendedData() throws Exception {
    kvs.ok("put", "w.log=a\n");
    CompletableFuture<CliHarness.Result> r = background("get", "-w", "-A", "-c", "2", "w.log");
    kvs.ok("put", "-A", "w.log=b\n");
    assertThat(r.get(10, TimeUnit.SECONDS).out()).isEqualTo("a\nb\n");
  }

  @Test
  void waitcreateAloneWaitsForTheKeyThenPrintsItOnce() throws Exception {
    CompletableFuture<CliHarness.Result> r = background("get", "-W", "w.later");
    assertThat(r).isNotDone();
    kvs.ok("put", "w.later=here");
    CliHarness.Result done = r.get(10, TimeUnit.SECONDS);
    assertThat(done.exitCode()).isZero();
    assertThat(done.out()).isEqualTo("here\n");
    assertThat(kvs.requests("kvs-watch.lookup").get(0).path("payload").path("flags").asInt())
        .isEqualTo(8);
  }

  @Test
  void aWatchOfAMissingKeyFailsWithExitOne() {
    CliHarness.Result r = kvs.run("get", "-w", "w.none");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("kvs: get: ");
  }

  @Test
  void watchOptionsAreCheckedBeforeAnythingIsSent() {
    assertThat(kvs.run("get", "-c", "2", "k").exitCode()).isEqualTo(2);
    assertThat(kvs.run("get", "-u", "k").exitCode()).isEqualTo(2);
    assertThat(kvs.run("get", "-w", "-S", "k").exitCode()).isEqualTo(2);
    assertThat(kvs.run("get", "-w", "a", "b").exitCode()).isEqualTo(2);
    assertThat(kvs.run("get", "-w", "-c", "-1", "k").exitCode()).isEqualTo(2);
    assertThat(kvs.requests("kvs-watch.lookup")).isEmpty();
  }

  @Test
  void eventlogAppendWritesOneJsonLineWithTheAppendFlag() {
    kvs.ok("eventlog", "append", "-t", "12.5", "ev.log", "start", "{\"id\":", "7}");
    kvs.ok("eventlog", "append", "-t", "13", "ev.log", "finish");
    assertThat(kvs.ok("get", "ev.log")).isEqualTo(
        "{\"timestamp\":12.5,\"name\":\"start\",\"context\":{\"id\":7}}\n"
            + "{\"timestamp\":13.0,\"name\":\"finish\"}\n\n");
    assertThat(kvs.requests("kvs.commit").get(0).path("payload").path("ops").get(0)
        .path("flags").asInt()).isEqualTo(32);
  }

  @Test
  void eventlogAppendRefusesAContextThatIsNotAJsonObject() {
    CliHarness.Result r = kvs.run("eventlog", "append", "ev.bad", "x", "[1,2]");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("context is not a JSON object");
    assertThat(kvs.requests("kvs.commit")).isEmpty();
  }

  @Test
  void eventlogGetPrintsTimestampNameAndContextPerEvent() {
    kvs.ok("eventlog", "append", "-t", "1", "ev.g", "a", "{\"k\":1}");
    kvs.ok("eventlog", "append", "-t", "2", "ev.g", "b");
    assertThat(kvs.ok("eventlog", "get", "ev.g")).isEqualTo("1.000000 a {\"k\":1}\n2.000000 b\n");
    assertThat(kvs.ok("eventlog", "get", "-u", "-c", "1", "ev.g"))
        .isEqualTo("{\"timestamp\":1.0,\"name\":\"a\",\"context\":{\"k\":1}}\n");
  }

  @Test
  void eventlogGetWatchPrintsNewEventsUntilCount() throws Exception {
    kvs.ok("eventlog", "append", "-t", "1", "ev.w", "a");
    CompletableFuture<CliHarness.Result> r = background("eventlog", "get", "-w", "-c", "2",
        "ev.w");
    kvs.ok("eventlog", "append", "-t", "2", "ev.w", "b");
    assertThat(r.get(10, TimeUnit.SECONDS).out()).isEqualTo("1.000000 a\n2.000000 b\n");
    assertThat(kvs.requests("kvs-watch.lookup").get(0).path("payload").path("flags").asInt())
        .isEqualTo(4 | 256);
  }

  @Test
  void waitEventReturnsOnceTheNamedEventIsAppended() throws Exception {
    kvs.ok("eventlog", "append", "-t", "1", "ev.x", "init");
    CompletableFuture<CliHarness.Result> r = background("eventlog", "wait-event", "-v", "ev.x",
        "done");
    kvs.ok("eventlog", "append", "-t", "2", "ev.x", "running");
    kvs.ok("eventlog", "append", "-t", "3", "ev.x", "done", "{\"rc\":0}");
    CliHarness.Result done = r.get(10, TimeUnit.SECONDS);
    assertThat(done.exitCode()).isZero();
    assertThat(done.out()).isEqualTo("1.000000 init\n2.000000 running\n3.000000 done {\"rc\":0}\n");
  }

  @Test
  void waitEventQuietPrintsNothing() {
    kvs.ok("eventlog", "append", "-t", "1", "ev.q", "done");
    assertThat(kvs.ok("eventlog", "wait-event", "-q", "ev.q", "done")).isEmpty();
  }

  @Test
  void waitEventTimesOutWithExitOne() {
    kvs.ok("eventlog", "append", "-t", "1", "ev.t", "init");
    CliHarness.Result r = kvs.run("eventlog", "wait-event", "-t", "0.2", "ev.t", "never");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("timeout");
    assertThat(kvs.requests("kvs-watch.cancel")).hasSize(1);
  }

  @Test
  void waitEventWithWaitcreateWaitsForTheEventlogToExist() throws Exception {
    CompletableFuture<CliHarness.Result> r = background("eventlog", "wait-event", "-W", "ev.new",
        "first");
    kvs.ok("eventlog", "append", "-t", "5", "ev.new", "first");
    assertThat(r.get(10, TimeUnit.SECONDS).out()).isEqualTo("5.000000 first\n");
  }
}
