package io.kvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** get, put, unlink, link, readlink, mkdir, copy and move. */
class KvsCliValuesTest {
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

  @Test
  void putThenGetPrintsTheValueFollowedByANewline() {
    assertThat(kvs.ok("put", "a.b=hello world")).isEmpty();
    assertThat(kvs.ok("get", "a.b")).isEqualTo("hello world\n");
  }

  @Test
  void putStoresTheStringBytesWithoutJsonInterpretation() {
    kvs.ok("put", "n=42", "s=\"quoted\"");
    assertThat(kvs.ok("get", "-t", "n")).isEqualTo("{\"data\":\"NDI=\",\"type\":\"val\",\"ver\":1}\n");
    assertThat(kvs.ok("get", "s")).isEqualTo("\"quoted\"\n");
  }

  @Test
  void severalPairsGoInOneAtomicCommitAndGetPrintsValuesInArgumentOrder() {
    assertThat(kvs.ok("put", "-s", "x=1", "y=2", "z=")).isEqualTo("1\n");
    assertThat(kvs.requests("kvs.commit")).hasSize(1);
    assertThat(kvs.requests("kvs.commit").get(0).path("payload").path("ops")).hasSize(3);
    assertThat(kvs.ok("get", "y", "x", "z")).isEqualTo("2\n1\n");
    assertThat(kvs.ok("get", "-l", "x")).isEqualTo("x=1\n");
  }

  @Test
  void rawPutReadsStdinForDashAndRawGetPrintsTheBytesAlone() {
    byte[] bin = {0, 1, (byte) 0xff, '\n'};
    assertThat(kvs.runWithStdin(bin, "put", "-r", "blob=-").exitCode()).isZero();
    CliHarness.Result r = kvs.run("get", "-r", "blob");
    assertThat(r.outBytes()).containsExactly(bin);
  }

  @Test
  void appendSetsTheAppendFlagAndConcatenates() {
    kvs.ok("put", "log=a");
    kvs.ok("put", "-A", "log=b");
    assertThat(kvs.requests("kvs.commit").get(1).path("payload").path("ops").get(0)
        .path("flags").asInt()).isEqualTo(32);
    assertThat(kvs.ok("get", "log")).isEqualTo("ab\n");
  }

  @Test
  void putFlagsMapToCommitFlagsAndOutputOptionsPrintTheNewRoot() {
    String out = kvs.ok("put", "-n", "-S", "-O", "-b", "-s", "k=v");
    String[] lines = out.split("\n");
    assertThat(kvs.requests("kvs.commit").get(0).path("payload").path("flags").asInt())
        .isEqualTo(1 | 4);
    assertThat(lines[0]).startsWith("{\"data\":[\"sha256-").endsWith("\"type\":\"dirref\",\"ver\":1}");
    assertThat(lines[1]).startsWith("sha256-");
    assertThat(lines[2]).isEqualTo("1");
  }

  @Test
  void putTreeobjStoresTheGivenObject() {
    kvs.ok("put", "-t", "l={\"data\":{\"target\":\"a\"},\"type\":\"symlink\",\"ver\":1}");
    assertThat(kvs.ok("readlink", "l")).isEqualTo("a\n");
  }

  @Test
  void malformedArgumentsAreUsageErrorsWithExitCode2() {
    CliHarness.Result r = kvs.run("put", "novalue");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("kvs: put: you must specify a value as key=value");
    assertThat(kvs.run("put", "-t", "k={\"type\":\"val\"}").exitCode()).isEqualTo(2);
    assertThat(kvs.run("get").exitCode()).isEqualTo(2);
    assertThat(kvs.run("get", "-r", "-t", "a").exitCode()).isEqualTo(2);
    assertThat(kvs.run("frobnicate").exitCode()).isEqualTo(2);
    assertThat(kvs.requests("kvs.commit")).isEmpty();
  }

  @Test
  void aMissingKeyExitsWith1AndNamesTheKey() {
    CliHarness.Result r = kvs.run("get", "no.such");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("kvs: get: no.such: No such file or directory\n");
  }

  @Test
  void getOfADirectoryFailsWithEisdir() {
    kvs.ok("mkdir", "d");
    assertThat(kvs.run("get", "d").err()).contains("Is a directory");
  }

  @Test
  void jsonOutputPrintsOneObjectPerResult() {
    kvs.ok("put", "a=1", "b=2");
    assertThat(kvs.ok("-w", "json", "get", "a", "b"))
        .isEqualTo("{\"key\":\"a\",\"value\":\"1\"}\n{\"key\":\"b\",\"value\":\"2\"}\n");
    assertThat(kvs.ok("get", "--write-out=json", "-r", "a")).isEqualTo("{\"key\":\"a\",\"data\":\"MQ==\"}\n");
    JsonNode commit = JsonLines.parse(kvs.ok("-w", "json", "put", "c=3"));
    assertThat(commit.path("rootseq").asInt()).isEqualTo(2);
    assertThat(commit.path("namespace").asText()).isEqualTo("primary");
  }

  @Test
  void unlinkRefusesANonEmptyDirectoryWithoutRecursive() {
    kvs.ok("put", "d.x=1");
    CliHarness.Result r = kvs.run("unlink", "d");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("kvs: unlink: cannot unlink 'd': Directory not empty\n");
    assertThat(kvs.requests("kvs.commit")).hasSize(1);
    kvs.ok("unlink", "-R", "d");
    assertThat(kvs.run("get", "d.x").exitCode()).isEqualTo(1);
  }

  @Test
  void unlinkOfAMissingKeyNeedsForce() {
    kvs.ok("put", "a=1");
    assertThat(kvs.run("unlink", "a", "gone").err())
        .isEqualTo("kvs: unlink: cannot unlink 'gone': No such file or directory\n");
    assertThat(kvs.ok("unlink", "-f", "-s", "a", "gone")).isEqualTo("2\n");
    assertThat(kvs.requests("kvs.commit").get(1).path("payload").path("ops")).hasSize(1);
  }

  @Test
  void linkToAnotherNamespaceReadsBackAsNamespaceColonColonKey() {
    kvs.ok("link", "-T", "job-1", "a.b", "l");
    kvs.ok("link", "x", "m");
    assertThat(kvs.ok("readlink", "l", "m")).isEqualTo("job-1::a.b\nx\n");
    assertThat(kvs.ok("readlink", "-o", "l")).isEqualTo("job-1\n");
    assertThat(kvs.ok("readlink", "-k", "l")).isEqualTo("a.b\n");
    kvs.ok("put", "v=1");
    assertThat(kvs.run("readlink", "v").exitCode()).isEqualTo(1);
  }

  @Test
  void mkdirCreatesEmptyDirectoriesInOneCommit() {
    kvs.ok("mkdir", "d1", "d2.sub");
    assertThat(kvs.requests("kvs.commit")).hasSize(1);
    assertThat(kvs.ok("dir", "d2")).isEqualTo("d2.sub.\n");
  }

  @Test
  void copyPutsTheSourceTreeobjAndMoveAlsoUnlinksTheSource() {
    kvs.ok("namespace", "create", "other");
    kvs.ok("put", "src.a=1", "src.b=2");
    kvs.ok("copy", "src", "cp");
    assertThat(kvs.ok("dir", "cp")).isEqualTo("cp.a = 1\ncp.b = 2\n");
    kvs.ok("move", "-D", "other", "src", "moved");
    assertThat(kvs.ok("-N", "other", "get", "moved.b")).isEqualTo("2\n");
    assertThat(kvs.run("get", "src.a").exitCode()).isEqualTo(1);
    assertThat(kvs.requests("kvs.lookup").get(0).path("payload").path("flags").asInt())
        .isEqualTo(16);
  }

  @Test
  void getAtARootdirReadsAnOldSnapshot() {
    String root = kvs.ok("put", "-O", "k=old").trim();
    kvs.ok("put", "k=new");
    assertThat(kvs.ok("get", "-a", root, "k")).isEqualTo("old\n");
    assertThat(kvs.run("get", "-a", "not-a-treeobj", "k").exitCode()).isEqualTo(2);
  }

  @Test
  void nonUtf8ValuesAreShownAsBase64DataInJson() {
    kvs.runWithStdin(new byte[] {(byte) 0xc3, 0x28}, "put", "-r", "bad=-");
    assertThat(kvs.ok("-w", "json", "get", "bad")).isEqualTo("{\"key\":\"bad\",\"data\":\"wyg=\"}\n");
    assertThat(kvs.run("get", "-r", "bad").outBytes()).containsExactly(0xc3, 0x28);
  }
}
