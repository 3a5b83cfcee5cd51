package io.kvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvs.cli.KvsCliProcess.Run;
import io.kvs.cli.KvsCliProcess.Started;
import io.kvs.deploy.ClusterProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kvs} command line end to end, in the spirit of flux-core's {@code t1000-kvs.t}: one
 * cluster of three ranks started as processes with {@code bin/kvs-cluster}, and {@code bin/kvs}
 * run as a real subprocess against the Unix socket of one rank or another. Every check looks at
 * standard output, standard error and the exit status (0 success; 1 an error from the service,
 * reported as {@code kvs: VERB: ...}; 2 a usage error). Tests use namespaces and keys of their
 * own, so they do not depend on each other's order. Each run of {@code bin/kvs} starts a JVM,
 * so reads that do not depend on each other are run a few at a time ({@link #together}).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KvsCliClusterTest {

  private static final Duration CALL_LIMIT = Duration.ofSeconds(30);
  /** At most this many bin/kvs processes at once in {@link #together}. */
  private static final int PARALLEL = 4;
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final AtomicInteger CALLS = new AtomicInteger();
  private static final AtomicLong STARTED_AT = new AtomicLong();

  @TempDir
  static Path tmp;

  private static ClusterProcesses cluster;
  private static KvsCliProcess cli;
  /** Namespaces of the tests that need one but do not test its creation: one kvs call. */
  private static final List<String> TEST_NAMESPACES = List.of("t-vals", "t-nosync", "t-list",
      "t-unlink", "t-links", "t-target", "t-src", "t-dst", "t-every", "t-json");
  /** kvs version on ranks 0, 1 and 2 as soon as kvs-cluster start returned. */
  private static List<Run> firstRuns;

  @BeforeAll
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  static void startCluster() throws Exception {
    Path rundir = Files.createDirectories(tmp.resolve("run"));
    cli = new KvsCliProcess(ClusterProcesses.projectRoot(),
        Files.createDirectories(tmp.resolve("io")));
    long t0 = System.nanoTime();
    cluster = ClusterProcesses.start(3, rundir, Duration.ofSeconds(120));
    STARTED_AT.set(System.nanoTime());
    System.out.printf("KvsCliClusterTest: 3 ranks up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    // What a user gets right after `kvs-cluster start` returned (see the test about it) ...
    firstRuns = together(at(0, "version"), at(1, "version"), at(2, "version"));
    // ... and then, so that the other tests do not depend on that, wait until every rank serves.
    for (int rank = 0; rank < 3; rank++) {
      if (firstRuns.get(rank).exitCode() != 0) {
        Run r = eventually(at(rank, "version"), 0);
        assertThat(r.exitCode()).as("rank " + rank + " serves: " + r.describe()).isZero();
      }
    }
    List<String> create = new ArrayList<>(List.of("namespace", "create"));
    create.addAll(TEST_NAMESPACES);
    assertOut(kvs(0, create.toArray(String[]::new)), "");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (STARTED_AT.get() != 0) {
      System.out.printf("KvsCliClusterTest: %d bin/kvs runs in %.1f s%n", CALLS.get(),
          (System.nanoTime() - STARTED_AT.get()) / 1e9);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  // --- readiness -------------------------------------------------------------------------

  /**
   * kvs-cluster start returns once every rank wrote its ready file: from then on each rank
   * must serve requests (a follower that is Up but has not found rank 0 yet would refuse them
   * with "rank 0 is not reachable from this rank (yet)").
   */
  @Test
  void everyRankServesAsSoonAsKvsClusterStartReturns() {
    for (Run r : firstRuns) {
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.err()).as(r.describe()).isEmpty();
      assertThat(r.out()).as(r.describe()).matches("\\d+\n");
    }
  }

  // --- help and usage errors (exit 2, nothing on stdout) ---------------------------------

  @Test
  void helpGoesToStdoutAndUsageErrorsExitTwo() throws Exception {
    List<Run> r = together(at(0, "--help"), at(0, "get", "--help"), at(0, "frobnicate"),
        at(0), at(0, "get"), at(0, "put", "novalue"), at(0, "get", "-r", "-t", "a"),
        at(0, "-w", "yaml", "version"));

    Run help = r.get(0);
    assertOk(help);
    assertThat(help.out()).startsWith("Usage: kvs [-N NS] [-w simple|json] COMMAND [ARGS]")
        .contains("Commands:")
        .contains("Exit status: 0 success, 1 error from the service, 2 usage error.");
    for (String verb : List.of("get", "put", "dir", "ls", "unlink", "link", "readlink", "mkdir",
        "copy", "move", "getroot", "version", "wait", "namespace")) {
      assertThat(help.out()).containsPattern("(?m)^  " + verb + "\\s+\\S");
    }
    Run getHelp = r.get(1);
    assertOk(getHelp);
    assertThat(getHelp.out())
        .startsWith("Usage: kvs get [-N NS] [-r|-t] [-a TREEOBJ] [-l] KEY...")
        .contains("-r, --raw").contains("-t, --treeobj").contains("-N, --namespace=NS")
        .contains("--write-out=FORMAT");

    usageError(r.get(2), "kvs: Unmatched argument at index 0: 'frobnicate'", "kvs");
    Run none = r.get(3);
    assertThat(none.exitCode()).as(none.describe()).isEqualTo(2);
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).startsWith("Usage: kvs ");
    usageError(r.get(4), "kvs: get: Missing required parameter: 'KEY'", "kvs get");
    usageError(r.get(5), "kvs: put: you must specify a value as key=value: novalue", "kvs put");
    usageError(r.get(6), "kvs: get: -r and -t are mutually exclusive", "kvs get");
    usageError(r.get(7), "kvs: Invalid value for option '--write-out': "
        + "expected one of [simple, json] (case-insensitive) but was 'yaml'", "kvs");
  }

  // --- put / get --------------------------------------------------------------------------

  @Test
  void putAndGetStringsEmptyValuesAndSeveralPairsInOneCommit() throws Exception {
    String ns = "t-vals";
    // Four pairs, one transaction: the version goes from 0 to 1.
    assertOut(kvs(1, "-N", ns, "put", "-s", "s=hello world", "e=", "eq=a=b", "n.d=3"), "1\n");
    String k = uniq("raw");
    Run put = kvsIn(2, "line one\nline two\n", "put", "-r", k + ".a=-", k + ".b=42");
    assertOut(put, "");

    List<Run> r = together(
        at(1, "-N", ns, "version"),
        // An empty value prints nothing, not even a newline.
        at(1, "-N", ns, "get", "s", "e", "eq", "n.d"),
        at(1, "-N", ns, "get", "-r", "s", "e", "eq"),
        at(1, "-N", ns, "get", "-t", "s", "e"),
        at(1, "-N", ns, "get", "-t", "n"),
        at(1, "-N", ns, "get", "n"),
        // In primary, on another rank: put --raw KEY=- read the value from stdin.
        at(2, "get", "-r", k + ".a", k + ".b"));
    assertOut(r.get(0), "1\n");
    assertOut(r.get(1), "hello world\na=b\n3\n");
    assertOut(r.get(2), "hello worlda=b");
    assertOut(r.get(3), "{\"data\":\"aGVsbG8gd29ybGQ=\",\"type\":\"val\",\"ver\":1}\n"
        + "{\"data\":\"\",\"type\":\"val\",\"ver\":1}\n");
    assertOk(r.get(4));
    assertThat(treeobjType(r.get(4).out())).isEqualTo("dirref");
    serverError(r.get(5), "kvs: get: n is a directory");
    assertOut(r.get(6), "line one\nline two\n42");
  }

  @Test
  void getOfAMissingKeyExitsOneWithAMessage() throws Exception {
    String k = uniq("missing");
    assertOut(kvs(0, "put", k + ".one=1"), "");
    List<Run> r = together(at(0, "get", k + ".nothere"), at(0, "get", k + ".one", k + ".two"));
    serverError(r.get(0), "kvs: get: key not found: " + k + ".nothere");
    assertThat(r.get(0).out()).isEmpty();
    // The values before the missing key are printed, then the command fails.
    Run partial = r.get(1);
    assertThat(partial.exitCode()).as(partial.describe()).isEqualTo(1);
    assertThat(partial.out()).isEqualTo("1\n");
    assertThat(partial.err()).isEqualTo("kvs: get: key not found: " + k + ".two\n");
  }

  @Test
  void putTreeobjStoresTheObjectAndMakesSnapshots() throws Exception {
    String k = uniq("tree");
    assertOut(kvs(0, "put", "-t", k + ".val={\"data\":\"aGVsbG8=\",\"type\":\"val\",\"ver\":1}"),
        "");
    assertOut(kvs(0, "put", k + ".a.a=hello", k + ".a.b=goodbye"), "");
    String dirref = ok(0, "get", "-t", k + ".a").trim();
    assertThat(treeobjType(dirref)).isEqualTo("dirref");
    assertOut(kvs(0, "put", "-t", k + ".b=" + dirref), "");
    List<Run> r = together(at(0, "get", k + ".val", k + ".b.a", k + ".b.b"),
        at(0, "put", "-t", k + ".bad={\"data\":1}"));
    assertOut(r.get(0), "hello\nhello\ngoodbye\n");
    // Not a tree object: a usage error.
    Run bad = r.get(1);
    assertThat(bad.exitCode()).as(bad.describe()).isEqualTo(2);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err()).startsWith("kvs: put: " + k + ".bad: ")
        .contains("treeobj must have exactly the members data, type and ver");
  }

  /** An invalid tree object is a usage error whose message says "kvs:" once. */
  @Test
  void aUsageErrorAboutATreeObjectSaysKvsOnce() throws Exception {
    List<Run> r = together(at(0, "put", "-t", "k={\"data\":1}"), at(0, "get", "-a", "{}", "k"));
    usageError(r.get(0), "kvs: put: k: treeobj must have exactly the members data, type and ver",
        "kvs put");
    assertThat(r.get(1).exitCode()).as(r.get(1).describe()).isEqualTo(2);
    assertThat(r.get(1).err()).as(r.get(1).describe()).startsWith("kvs: get: --at: ")
        .doesNotContain("--at: kvs: ");
  }

  @Test
  void appendsAreReadBackConcatenatedOnEveryRank() throws Exception {
    String ns = uniq("evlog");
    assertOut(kvs(2, "namespace", "create", ns), "");
    String e1 = "{\"timestamp\":1.0,\"name\":\"submit\",\"context\":{}}\n";
    String e2 = "{\"timestamp\":2.0,\"name\":\"alloc\",\"context\":{}}\n";
    String e3 = "{\"timestamp\":3.0,\"name\":\"finish\",\"context\":{\"status\":0}}\n";
    // Each append from a different rank, like writers of an eventlog spread over the nodes.
    assertOut(kvsIn(1, e1, "-N", ns, "put", "-A", "-r", "job.eventlog=-"), "");
    assertOut(kvsIn(2, e2, "-N", ns, "put", "-A", "-r", "job.eventlog=-"), "");
    assertOut(kvsIn(0, e3, "-N", ns, "put", "-A", "-r", "-s", "job.eventlog=-"), "3\n");
    // Plain values append too: a missing key is created, several appends in one commit.
    assertOut(kvs(0, "-N", ns, "put", "-A", "s=abc", "s=def", "s=ghi"), "");

    List<Run> r = together(
        at(0, "-N", ns, "get", "-r", "job.eventlog"),
        at(0, "-N", ns, "get", "-t", "job.eventlog"),
        at(0, "-N", ns, "get", "s"),
        // Another rank sees all of it once it has reached the version.
        at(1, "-N", ns, "wait", "3"));
    assertOut(r.get(0), e1 + e2 + e3);
    assertOk(r.get(1));
    JsonNode t = JsonLines.parse(r.get(1).out());
    assertThat(t.path("type").asText()).isEqualTo("valref");
    assertThat(t.path("data")).as("one blob per append").hasSize(3);
    assertOut(r.get(2), "abcdefghi\n");
    assertOut(r.get(3), "");
    assertOut(kvs(1, "-N", ns, "get", "-r", "job.eventlog"), e1 + e2 + e3);
  }

  @Test
  void noMergeAndSyncCommitsAndSyncIsOnlyForPrimary() throws Exception {
    String k = uniq("sync");
    String seq = ok(1, "put", "-n", "-s", k + ".nomerge=1").trim();
    assertThat(seq).matches("\\d+");
    String seq2 = ok(1, "put", "-S", "-s", k + ".synced=2").trim();
    assertThat(Integer.parseInt(seq2)).isGreaterThan(Integer.parseInt(seq));

    String ns = "t-nosync";
    serverError(kvs(0, "-N", ns, "put", "-S", "a=1"),
        "kvs: put: SYNC is only valid in namespace primary, not \"" + ns + "\"");
    List<Run> r = together(at(1, "get", k + ".nomerge", k + ".synced"),
        at(0, "-N", ns, "version"));
    assertOut(r.get(0), "1\n2\n");
    // Nothing was committed in the guest namespace.
    assertOut(r.get(1), "0\n");
  }

  // --- dir / ls ---------------------------------------------------------------------------

  @Test
  void dirAndLsListTheTree() throws Exception {
    String ns = "t-list";
    assertOut(kvs(0, "-N", ns, "put", "d.a=1", "d.b=two", "d.sub.c=3", "d.sub.e.f=4"), "");
    assertOut(kvs(0, "-N", ns, "mkdir", "d.empty"), "");
    assertOut(kvs(0, "-N", ns, "link", "d.a", "d.ln"), "");

    List<Run> r = together(
        at(0, "-N", ns, "dir", "d"),
        at(0, "-N", ns, "dir", "-R", "d"),
        at(0, "-N", ns, "ls", "d"),
        at(0, "-N", ns, "ls", "-F", "d"),
        at(0, "-N", ns, "ls", "-1F", "d"),
        at(0, "-N", ns, "ls", "-R", "d"),
        at(0, "-N", ns, "ls", "-1Fd", "d.a", "d.sub", "d.ln"),
        at(0, "-N", ns, "ls", "d.nothere"),
        at(0, "-N", ns, "ls", "d.a."),
        at(0, "-N", ns, "dir", "d.a"));
    assertOut(r.get(0), "d.a = 1\nd.b = two\nd.empty.\nd.ln -> d.a\nd.sub.\n");
    assertOut(r.get(1), "d.a = 1\nd.b = two\nd.empty.\nd.ln -> d.a\nd.sub.c = 3\nd.sub.e.f = 4\n");
    // ls: columns of the longest name + 4; -F classifies, -1 one per line, -R recurses.
    assertOut(r.get(2), "a        b        empty    ln       sub\n");
    assertOut(r.get(3), "a        b        empty.   ln@      sub.\n");
    assertOut(r.get(4), "a\nb\nempty.\nln@\nsub.\n");
    assertOut(r.get(5), "d:\na        b        empty    ln       sub\n\nd.empty:\n\n"
        + "d.sub:\nc    e\n\nd.sub.e:\nf\n");
    // Keys that are not directories first (classified with -F, not expanded with -d).
    assertOut(r.get(6), "d.a\nd.ln@\nd.sub.\n");
    // A missing key, a value where "KEY." wants a directory, dir of a value.
    serverError(r.get(7), "kvs: ls: d.nothere: No such file or directory");
    serverError(r.get(8), "kvs: ls: d.a: Not a directory");
    serverError(r.get(9), "kvs: dir: d.a is not a directory");
  }

  @Test
  void lsFitsItsColumnsToTheWidth() throws Exception {
    // As t1000-kvs.t with dtree -w50: 50 names of 4 characters make 8-character columns.
    String k = uniq("wide");
    List<String> args = new ArrayList<>(List.of("put"));
    for (int i = 0; i < 50; i++) {
      args.add(String.format("%s.%04d=x", k, i));
    }
    assertOut(kvs(1, args.toArray(String[]::new)), "");
    List<Run> r = together(at(1, "ls", k), at(1, "ls", "-w40", k),
        new Call(0, Map.of("COLUMNS", "20"), new String[] {"ls", k}));
    assertOk(r.get(0));
    assertThat(r.get(0).lines()).hasSize(5).allMatch(l -> l.split("\\s+").length == 10);
    assertThat(r.get(0).lines().get(0)).startsWith("0000    0001    0002");
    assertOk(r.get(1));
    assertThat(r.get(1).lines()).hasSize(10);
    assertOk(r.get(2));
    assertThat(r.get(2).lines()).hasSize(25);
  }

  // --- unlink / mkdir ---------------------------------------------------------------------

  @Test
  void unlinkNeedsForceForMissingKeysAndRecursiveForNonEmptyDirectories() throws Exception {
    String ns = "t-unlink";
    assertOut(kvs(2, "-N", ns, "mkdir", "-s", "a", "b"), "1\n");
    assertOut(kvs(2, "-N", ns, "put", "a.x=1", "a.y.z=2"), "");

    List<Run> r = together(
        at(2, "-N", ns, "dir"),
        at(2, "-N", ns, "unlink", "a"),
        at(2, "-N", ns, "unlink", "nothere"),
        // A failed check commits nothing, not even the keys before it.
        at(2, "-N", ns, "unlink", "a.x", "nothere"));
    assertOut(r.get(0), "a.\nb.\n");
    serverError(r.get(1), "kvs: unlink: cannot unlink 'a': Directory not empty");
    serverError(r.get(2), "kvs: unlink: key not found: nothere");
    serverError(r.get(3), "kvs: unlink: key not found: nothere");
    assertOut(kvs(2, "-N", ns, "version"), "2\n");

    // -f skips what is missing; an empty directory goes without -R; -R takes the subtree.
    assertOut(kvs(2, "-N", ns, "unlink", "-f", "nothere", "b"), "");
    assertOut(kvs(2, "-N", ns, "unlink", "-R", "-s", "a"), "4\n");
    assertOut(kvs(2, "-N", ns, "dir", "-R"), "");
  }

  // --- link / readlink --------------------------------------------------------------------

  @Test
  void linkAndReadlinkInTheSameAndInAnotherNamespace() throws Exception {
    String ns = "t-links";
    String other = "t-target";
    assertOut(kvs(0, "-N", other, "put", "deep.v=far away"), "");
    assertOut(kvs(0, "-N", ns, "put", "t.v=near"), "");
    assertOut(kvs(0, "-N", ns, "link", "t.v", "l.same"), "");
    String seq = ok(0, "-N", ns, "link", "-s", "-T", other, "deep", "l.other").trim();

    List<Run> r = together(
        at(0, "-N", ns, "readlink", "l.same", "l.other"),
        at(0, "-N", ns, "readlink", "-o", "l.other"),
        at(0, "-N", ns, "readlink", "-k", "l.other"),
        at(0, "-N", ns, "dir", "l"),
        // Followed on reads, at the end of the key and as a prefix.
        at(0, "-N", ns, "get", "l.same", "l.other.v"),
        at(0, "-N", ns, "readlink", "t.v"),
        // Writes may not cross into another namespace through a link.
        at(0, "-N", ns, "put", "l.other.w=1"),
        at(0, "-N", ns, "-w", "json", "readlink", "l.other"),
        // Another rank, once it has the version.
        at(2, "-N", ns, "wait", seq));
    assertOut(r.get(0), "t.v\n" + other + "::deep\n");
    assertOut(r.get(1), other + "\n");
    assertOut(r.get(2), "deep\n");
    assertOut(r.get(3), "l.other -> " + other + "::deep\nl.same -> t.v\n");
    assertOut(r.get(4), "near\nfar away\n");
    serverError(r.get(5), "kvs: readlink: t.v is not a symlink");
    serverError(r.get(6), "kvs: put: can not write through a symlink into namespace \"" + other
        + "\": key \"l.other.w\"");
    assertOk(r.get(7));
    JsonNode j = JsonLines.parse(r.get(7).out());
    assertThat(j.path("key").asText()).isEqualTo("l.other");
    assertThat(j.path("namespace").asText()).isEqualTo(other);
    assertThat(j.path("target").asText()).isEqualTo("deep");
    assertOut(r.get(8), "");
    assertOut(kvs(2, "-N", ns, "get", "l.other.v"), "far away\n");
  }

  // --- copy / move ------------------------------------------------------------------------

  @Test
  void copyAndMoveWithinAndAcrossNamespaces() throws Exception {
    String src = "t-src";
    String dst = "t-dst";
    assertOut(kvs(1, "-N", src, "put", "tree.a=1", "tree.b.c=2"), "");

    assertOut(kvs(1, "copy", "-S", src, "-D", dst, "tree", "copied"), "");
    List<Run> r = together(at(1, "-N", dst, "dir", "-R"), at(1, "-N", src, "dir", "-R"));
    assertOut(r.get(0), "copied.a = 1\ncopied.b.c = 2\n");
    assertOut(r.get(1), "tree.a = 1\ntree.b.c = 2\n");

    // Move from dst into primary: the source is gone afterwards.
    String k = uniq("moved");
    assertOut(kvs(1, "move", "-S", dst, "copied", k), "");
    // Within one namespace (-N applies to both sides).
    assertOut(kvs(1, "-N", src, "move", "tree.a", "tree.z"), "");
    r = together(at(1, "-N", dst, "get", "copied.a"), at(1, "dir", "-R", k),
        at(1, "-N", src, "dir", "-R"), at(1, "copy", "-S", src, "nothere", k + ".x"));
    serverError(r.get(0), "kvs: get: key not found: copied.a");
    assertOut(r.get(1), k + ".a = 1\n" + k + ".b.c = 2\n");
    assertOut(r.get(2), "tree.b.c = 2\ntree.z = 1\n");
    serverError(r.get(3), "kvs: copy: key not found: nothere");
  }

  // --- getroot / version / wait -----------------------------------------------------------

  @Test
  void getrootVersionAndWait() throws Exception {
    String ns = uniq("roots");
    assertOut(kvs(0, "namespace", "create", "-o", "4242", ns), "");
    String blobref = ok(1, "-N", ns, "put", "-b", "a=1").trim();
    assertThat(blobref).matches("sha(1|256)-[0-9a-f]+");
    String dirref = "{\"data\":[\"" + blobref + "\"],\"type\":\"dirref\",\"ver\":1}";

    List<Run> r = together(
        at(1, "-N", ns, "getroot", "-o"),
        at(1, "-N", ns, "getroot", "-b"),
        at(1, "-N", ns, "getroot"),
        at(1, "-N", ns, "version"),
        // The primary namespace belongs to the user running the service: us.
        at(2, "getroot", "-o"),
        at(2, "wait", "-1"));
    assertOut(r.get(0), "4242\n");
    assertOut(r.get(1), blobref + "\n");
    assertOut(r.get(2), dirref + "\n");
    assertOut(r.get(3), "1\n");
    assertOut(r.get(4), ourUid() + "\n");
    usageError(r.get(5), "kvs: wait: VERSION must not be negative: -1", "kvs wait");

    // A snapshot stays readable with -a after the key changed.
    assertOut(kvs(1, "-N", ns, "put", "a=2"), "");
    r = together(at(1, "get", "-a", dirref, "a"), at(1, "-N", ns, "get", "a"));
    assertOut(r.get(0), "1\n");
    assertOut(r.get(1), "2\n");

    // wait blocks until the version is reached, whichever rank commits.
    Started waiter = cli.start(cluster.rank(2).socket(), Map.of(), null, "-N", ns, "wait", "4");
    CALLS.incrementAndGet();
    try {
      Thread.sleep(1500);
      assertThat(waiter.isAlive()).as("kvs wait 4 returned before version 4").isTrue();
      assertOut(kvs(0, "-N", ns, "put", "b=1"), "");
      assertOut(kvs(1, "-N", ns, "put", "c=1"), "");
      assertOut(waiter.finish(CALL_LIMIT), "");
    } finally {
      waiter.kill();
    }
    assertOut(kvs(2, "-N", ns, "get", "b", "c"), "1\n1\n");
  }

  // --- namespaces -------------------------------------------------------------------------

  @Test
  void namespaceCreateListRemoveAndReuseOfARemovedName() throws Exception {
    String n1 = uniq("ns");
    String n2 = uniq("ns");
    assertOut(kvs(0, "namespace", "create", n1), "");
    assertOut(kvs(1, "namespace", "create", "-o", "1234", n2), "");
    assertOut(kvs(0, "-N", n1, "put", "-s", "old=1"), "1\n");

    List<Run> r = together(
        at(0, "namespace", "list"),
        at(2, "-w", "json", "namespace", "list"),
        at(0, "namespace", "create", n1),
        at(0, "namespace", "create", "bad name"),
        at(0, "-N", "no/such", "get", "a"),
        at(0, "namespace", "remove", "primary"),
        at(1, "-N", n1, "wait", "1"));
    Run list = r.get(0);
    assertOk(list);
    long uid = ourUid();
    assertThat(list.lines().get(0)).matches("NAMESPACE\\s+OWNER\\s+FLAGS");
    assertThat(list.lines()).anyMatch(l -> l.matches(n2 + "\\s+1234 0x00000000"))
        .anyMatch(l -> l.matches(n1 + "\\s+" + uid + " 0x00000000"))
        .anyMatch(l -> l.matches("primary\\s+" + uid + " 0x00000000"));
    assertOk(r.get(1));
    JsonNode n2json = null;
    for (String line : r.get(1).lines()) {
      JsonNode j = JsonLines.parse(line);
      if (j.path("namespace").asText().equals(n2)) {
        n2json = j;
      }
    }
    assertThat(n2json).as("namespace list -w json on rank 2 lists " + n2).isNotNull();
    assertThat(n2json.path("owner").asLong()).isEqualTo(1234);
    assertThat(n2json.path("flags").asInt()).isZero();
    serverError(r.get(2), "kvs: namespace create: namespace already exists: " + n1);
    serverError(r.get(3), "kvs: namespace create: invalid namespace name \"bad name\": use 1-128 "
        + "letters, digits and ._:@+=- starting with a letter or digit");
    serverError(r.get(4), "kvs: get: namespace not found: no/such");
    serverError(r.get(5), "kvs: namespace remove: the primary namespace cannot be removed");
    assertOut(r.get(6), "");
    assertOut(kvs(1, "-N", n1, "get", "old"), "1\n");

    assertOut(kvs(2, "namespace", "remove", n1, n2), "");
    // Rank 0 knows at once; a follower learns it from an event (eventually consistent).
    r = together(at(0, "namespace", "list"), at(0, "-N", n1, "get", "old"));
    assertOk(r.get(0));
    assertThat(r.get(0).lines()).noneMatch(l -> l.startsWith(n1 + " "))
        .noneMatch(l -> l.startsWith(n2 + " "));
    serverError(r.get(1), "kvs: get: namespace not found: " + n1);
    serverError(eventually(at(1, "-N", n1, "get", "old"), 1),
        "kvs: get: namespace not found: " + n1);

    // The name can be used again: a new, empty namespace, also on the rank that read the old.
    assertOut(kvs(0, "namespace", "create", n1), "");
    assertOut(kvs(1, "-N", n1, "version"), "0\n");
    serverError(kvs(1, "-N", n1, "get", "old"), "kvs: get: key not found: old");
  }

  @Test
  void namespaceOptionWorksOnEveryVerb() throws Exception {
    String ns = "t-every";
    // -N after the verb and before it; seven transactions (move makes two).
    assertOut(kvs(1, "put", "-N", ns, "k.a=1"), "");
    assertOut(kvs(1, "-N", ns, "mkdir", "k.d"), "");
    assertOut(kvs(1, "link", "-N", ns, "k.a", "k.l"), "");
    assertOut(kvs(1, "-N", ns, "copy", "k.a", "k.b"), "");
    assertOut(kvs(1, "move", "-N", ns, "k.b", "k.c"), "");
    assertOut(kvs(1, "unlink", "-N", ns, "k.d"), "");
    List<Run> r = together(
        at(1, "get", "-N", ns, "k.a", "k.l", "k.c"),
        at(1, "readlink", "-N", ns, "k.l"),
        at(1, "dir", "-N", ns, "k"),
        at(1, "ls", "-N", ns, "-1", "k"),
        at(1, "version", "-N", ns),
        at(1, "wait", "-N", ns, "7"),
        // $KVS_NAMESPACE is the default; -N wins over it.
        new Call(1, Map.of("KVS_NAMESPACE", ns), new String[] {"get", "k.a"}),
        new Call(1, Map.of("KVS_NAMESPACE", ns), new String[] {"get", "-N", "primary", "k.a"}));
    assertOut(r.get(0), "1\n1\n1\n");
    assertOut(r.get(1), "k.a\n");
    assertOut(r.get(2), "k.a = 1\nk.c = 1\nk.l -> k.a\n");
    assertOut(r.get(3), "a\nc\nl\n");
    assertOut(r.get(4), "7\n");
    assertOut(r.get(5), "");
    assertOut(r.get(6), "1\n");
    serverError(r.get(7), "kvs: get: key not found: k.a");
  }

  // --- -w json ----------------------------------------------------------------------------

  @Test
  void jsonOutputIsOneObjectPerLine() throws Exception {
    String ns = "t-json";
    Run putRun = kvs(0, "-N", ns, "-w", "json", "put", "a=1", "b=two", "d.e=3");
    assertOk(putRun);
    JsonNode put = JsonLines.parse(putRun.out());
    assertThat(put.path("namespace").asText()).isEqualTo(ns);
    assertThat(put.path("rootseq").asInt()).isEqualTo(1);
    assertThat(put.path("rootref").asText()).matches("sha(1|256)-[0-9a-f]+");

    List<Run> r = together(
        at(0, "-N", ns, "-w", "json", "get", "a", "b"),
        at(0, "-N", ns, "-w", "json", "dir"),
        at(0, "-N", ns, "ls", "--write-out", "json", "-R"),
        at(0, "-N", ns, "-w", "json", "getroot"),
        at(0, "-N", ns, "-w", "json", "version"),
        at(2, "-N", ns, "-w", "json", "wait", "1"),
        at(0, "-N", ns, "-w", "json", "get", "-t", "a"));
    r.forEach(KvsCliClusterTest::assertOk);

    List<JsonNode> got = jsonLines(r.get(0).out());
    assertThat(got).extracting(j -> j.path("key").asText()).containsExactly("a", "b");
    assertThat(got).extracting(j -> j.path("value").asText()).containsExactly("1", "two");

    List<JsonNode> dir = jsonLines(r.get(1).out());
    assertThat(dir).extracting(j -> j.path("key").asText()).containsExactly("a", "b", "d");
    assertThat(dir).extracting(j -> j.path("type").asText()).containsExactly("val", "val", "dir");
    assertThat(dir.get(1).path("value").asText()).isEqualTo("two");

    assertThat(jsonLines(r.get(2).out())).extracting(j -> j.path("key").asText())
        .contains("a", "b", "d", "d.e");

    JsonNode root = JsonLines.parse(r.get(3).out());
    assertThat(root.path("rootseq").asInt()).isEqualTo(1);
    assertThat(root.path("rootref").asText()).isEqualTo(put.path("rootref").asText());
    assertThat(root.path("owner").asLong()).isEqualTo(ourUid());

    JsonNode version = JsonLines.parse(r.get(4).out());
    assertThat(version.path("namespace").asText()).isEqualTo(ns);
    assertThat(version.path("rootseq").asInt()).isEqualTo(1);

    JsonNode waited = JsonLines.parse(r.get(5).out());
    assertThat(waited.path("rootseq").asInt()).isEqualTo(1);
    assertThat(waited.path("rootref").asText()).isEqualTo(put.path("rootref").asText());

    JsonNode tree = JsonLines.parse(r.get(6).out());
    assertThat(tree.path("key").asText()).isEqualTo("a");
    assertThat(tree.path("treeobj").path("type").asText()).isEqualTo("val");
    assertThat(tree.path("treeobj").path("data").asText()).isEqualTo("MQ==");
  }

  // --- several ranks ----------------------------------------------------------------------

  @Test
  void aWriteOnOneRankIsReadOnAnotherAfterWait() throws Exception {
    String k = uniq("xrank");
    String seq = ok(1, "put", "-s", k + "=written on rank 1").trim();
    assertOut(kvs(2, "wait", seq), "");
    assertOut(kvs(2, "get", k), "written on rank 1\n");
    // A namespace created through a follower, written through another, read on both.
    String ns = uniq("xns");
    assertOut(kvs(2, "namespace", "create", ns), "");
    assertOut(kvs(2, "-N", ns, "version"), "0\n");
    assertOut(kvs(1, "-N", ns, "put", "-s", "v=from 1"), "1\n");
    assertOut(kvs(2, "-N", ns, "wait", "1"), "");
    List<Run> r = together(at(2, "-N", ns, "get", "v"), at(0, "-N", ns, "version"));
    assertOut(r.get(0), "from 1\n");
    assertOut(r.get(1), "1\n");
  }

  /** setroot-pause on a follower: its root stands still until setroot-unpause. */
  @Test
  void aPausedFollowerServesTheOldRootUntilUnpaused() throws Exception {
    String ns = uniq("pause");
    assertOut(kvs(0, "namespace", "create", ns), "");
    assertOut(kvs(1, "-N", ns, "put", "-s", "k=before"), "1\n");
    assertOut(kvs(1, "-N", ns, "setroot-pause"), "");
    assertOut(kvs(0, "-N", ns, "put", "-s", "k=after"), "2\n");
    List<Run> r = together(at(1, "-N", ns, "get", "k"), at(1, "-N", ns, "version"));
    assertOut(r.get(0), "before\n");
    assertOut(r.get(1), "1\n");
    assertOut(kvs(1, "-N", ns, "setroot-unpause"), "");
    r = together(at(1, "-N", ns, "get", "k"), at(1, "-N", ns, "version"));
    assertOut(r.get(0), "after\n");
    assertOut(r.get(1), "2\n");
  }

  /** Ranks started without --config re-read the same built-in configuration. */
  @Test
  void configReloadWithoutAConfigFileChangesNothing() throws Exception {
    List<Run> r = together(at(0, "config-reload"), at(2, "-w", "json", "config-reload"));
    assertOut(r.get(0), "");
    assertOut(r.get(1), "{\"changed\":[]}\n");
  }

  // --- helpers ----------------------------------------------------------------------------

  /** One bin/kvs command line for {@link #together}. */
  private record Call(int rank, Map<String, String> env, String[] args) {}

  private static Call at(int rank, String... args) {
    return new Call(rank, Map.of(), args);
  }

  /**
   * Runs independent command lines at the same time, {@link #PARALLEL} at most, and returns
   * their results in order. Only for calls that do not depend on one another.
   */
  private static List<Run> together(Call... calls) throws Exception {
    List<Run> runs = new ArrayList<>();
    for (int from = 0; from < calls.length; from += PARALLEL) {
      List<Started> batch = new ArrayList<>();
      try {
        for (int i = from; i < Math.min(calls.length, from + PARALLEL); i++) {
          Call c = calls[i];
          batch.add(cli.start(cluster.rank(c.rank()).socket(), c.env(), null, c.args()));
          CALLS.incrementAndGet();
        }
        for (Started s : batch) {
          runs.add(s.finish(CALL_LIMIT));
        }
      } finally {
        for (Started s : batch) {
          if (s.isAlive()) {
            s.kill();
          }
        }
      }
    }
    return runs;
  }

  /**
   * Runs {@code call} until it exits with {@code exitCode} (at most 10 s, 0.2 s apart), for
   * what a follower learns asynchronously; returns the last run.
   */
  private static Run eventually(Call call, int exitCode) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Run r = together(call).get(0);
    while (r.exitCode() != exitCode && System.nanoTime() < deadline) {
      Thread.sleep(200);
      r = together(call).get(0);
    }
    return r;
  }

  private static String uniq(String base) {
    return base + "-" + SEQ.incrementAndGet();
  }

  private static Run kvs(int rank, String... args) throws Exception {
    CALLS.incrementAndGet();
    return cli.run(cluster.rank(rank).socket(), Map.of(), null, CALL_LIMIT, args);
  }

  private static Run kvsIn(int rank, String stdin, String... args) throws Exception {
    CALLS.incrementAndGet();
    return cli.run(cluster.rank(rank).socket(), Map.of(), stdin.getBytes(StandardCharsets.UTF_8),
        CALL_LIMIT, args);
  }

  /** Runs, insists on exit 0 and an empty stderr, returns stdout. */
  private static String ok(int rank, String... args) throws Exception {
    Run r = kvs(rank, args);
    assertOk(r);
    return r.out();
  }

  private static void assertOk(Run r) {
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.err()).as(r.describe()).isEmpty();
  }

  /** Exit 0, nothing on stderr, exactly {@code expected} on stdout. */
  private static void assertOut(Run r, String expected) {
    assertOk(r);
    assertThat(r.out()).as(r.describe()).isEqualTo(expected);
  }

  /** Exit 1 with exactly {@code message} as the only line on stderr. */
  private static void serverError(Run r, String message) {
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(r.err()).as(r.describe()).isEqualTo(message + "\n");
  }

  /** Exit 2, nothing on stdout, {@code message} then the pointer to {@code CMD --help}. */
  private static void usageError(Run r, String message, String cmd) {
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.out()).as(r.describe()).isEmpty();
    assertThat(r.err()).as(r.describe())
        .isEqualTo(message + "\nTry '" + cmd + " --help' for more information.\n");
  }

  private static String treeobjType(String json) {
    return JsonLines.parse(json).path("type").asText();
  }

  private static List<JsonNode> jsonLines(String out) {
    List<JsonNode> all = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isEmpty()) {
        all.add(JsonLines.parse(line));
      }
    }
    return all;
  }

  private static long ourUid() throws Exception {
    return ((Number) Files.getAttribute(tmp, "unix:uid")).longValue();
  }
}
