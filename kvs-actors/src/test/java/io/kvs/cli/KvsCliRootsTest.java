package io.kvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** getroot, version, wait, namespace, -N resolution, help and exit codes. */
class KvsCliRootsTest {
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
  void getrootPrintsTheRootDirrefByDefaultAndOneFieldPerOption() {
    String blobref = kvs.ok("put", "-b", "a=1").trim();
    assertThat(kvs.ok("getroot"))
        .isEqualTo("{\"data\":[\"" + blobref + "\"],\"type\":\"dirref\",\"ver\":1}\n");
    assertThat(kvs.ok("getroot", "-b")).isEqualTo(blobref + "\n");
    assertThat(kvs.ok("getroot", "-s")).isEqualTo("1\n");
    assertThat(kvs.ok("getroot", "-o")).isEqualTo("1000\n");
    JsonNode j = JsonLines.parse(kvs.ok("-w", "json", "getroot"));
    assertThat(j.path("rootref").asText()).isEqualTo(blobref);
    assertThat(j.path("owner").asLong()).isEqualTo(1000);
  }

  @Test
  void versionPrintsTheRootSequence() {
    assertThat(kvs.ok("version")).isEqualTo("0\n");
    kvs.ok("put", "a=1");
    assertThat(kvs.ok("version")).isEqualTo("1\n");
  }

  @Test
  void waitBlocksUntilTheVersionIsReached() throws Exception {
    CompletableFuture<CliHarness.Result> waiting =
        CompletableFuture.supplyAsync(() -> kvs.run("wait", "2"));
    kvs.ok("put", "a=1");
    Thread.sleep(100);
    assertThat(waiting).isNotDone();
    kvs.ok("put", "a=2");
    CliHarness.Result r = waiting.get(5, TimeUnit.SECONDS);
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(kvs.run("wait", "two").exitCode()).isEqualTo(2);
  }

  @Test
  void namespaceCreateListAndRemoveMirrorFluxColumns() {
    kvs.ok("namespace", "create", "-o", "5001", "job-1", "job-2");
    assertThat(kvs.requests("kvs.namespace-create").get(0).path("payload").path("owner").asLong())
        .isEqualTo(5001);
    assertThat(kvs.ok("namespace", "list")).isEqualTo(
        "NAMESPACE                                 OWNER      FLAGS\n"
            + "primary                                    1000 0x00000000\n"
            + "job-1                                      5001 0x00000000\n"
            + "job-2                                      5001 0x00000000\n");
    kvs.ok("namespace", "remove", "job-1", "job-2");
    assertThat(kvs.ok("-w", "json", "namespace", "list"))
        .isEqualTo("{\"namespace\":\"primary\",\"owner\":1000,\"flags\":0}\n");
  }

  @Test
  void namespaceCreateWithoutOwnerSendsTheInstanceOwnerAndAcceptsARootDirref() {
    String root = kvs.ok("put", "-O", "a=1").trim();
    kvs.ok("namespace", "create", "-r", root, "snap");
    JsonNode p = kvs.requests("kvs.namespace-create").get(0).path("payload");
    assertThat(p.path("owner").asLong()).isEqualTo(-1);
    assertThat(p.path("rootref").asText()).startsWith("sha256-");
    assertThat(kvs.ok("-N", "snap", "get", "a")).isEqualTo("1\n");
    assertThat(kvs.run("namespace", "create", "-r", "junk", "x").exitCode()).isEqualTo(2);
    assertThat(kvs.run("namespace", "create", "-o", "-5", "x").exitCode()).isEqualTo(2);
  }

  @Test
  void aServerErrorIsPrintedAsKvsVerbErrstrWithExitCode1() {
    kvs.ok("namespace", "create", "dup");
    CliHarness.Result r = kvs.run("namespace", "create", "dup");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("kvs: namespace create: namespace already exists: dup\n");
    assertThat(kvs.run("namespace", "remove", "primary").err())
        .isEqualTo("kvs: namespace remove: cannot remove the primary namespace\n");
  }

  @Test
  void theNamespaceComesFromTheVerbThenKvsThenKvsNamespaceThenPrimary() {
    kvs.ok("namespace", "create", "env-ns");
    kvs.ok("namespace", "create", "top-ns");
    kvs.ok("namespace", "create", "verb-ns");
    kvs.env.put("KVS_NAMESPACE", "env-ns");
    kvs.ok("put", "k=env");
    kvs.ok("-N", "top-ns", "put", "k=top");
    kvs.ok("-N", "top-ns", "put", "-N", "verb-ns", "k=verb");
    assertThat(kvs.requests("kvs.commit")).extracting(r -> r.path("payload").path("namespace")
        .asText()).containsExactly("env-ns", "top-ns", "verb-ns");
    kvs.env.remove("KVS_NAMESPACE");
    assertThat(kvs.run("get", "k").exitCode()).isEqualTo(1);
    assertThat(kvs.ok("-N", "verb-ns", "get", "k")).isEqualTo("verb\n");
  }

  @Test
  void anUnknownNamespaceFailsWithTheServersMessage() {
    CliHarness.Result r = kvs.run("-N", "nope", "version");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("kvs: version: namespace not found: nope\n");
  }

  @Test
  void helpIsPrintedOnStdoutWithExitCode0() {
    CliHarness.Result top = kvs.run("--help");
    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).contains("get", "put", "namespace", "-w, --write-out");
    CliHarness.Result verb = kvs.run("ls", "--help");
    assertThat(verb.exitCode()).isZero();
    assertThat(verb.out()).contains("kvs ls [-N NS] [-R] [-d] [-F] [-w COLS] [-1] [KEY...]",
        "--classify");
    assertThat(kvs.run("help", "put").out()).contains("KEY=VALUE");
  }

  @Test
  void noCommandOrAnUnknownOptionIsAUsageErrorWithExitCode2() {
    CliHarness.Result none = kvs.run();
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("Usage: kvs");
    CliHarness.Result bad = kvs.run("get", "--frob", "a");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).startsWith("kvs: get: Unknown option: '--frob'");
    assertThat(kvs.run("-w", "xml", "version").exitCode()).isEqualTo(2);
    assertThat(kvs.run("namespace").exitCode()).isEqualTo(2);
  }

  @Test
  void anUnreachableServiceExitsWith1() {
    kvs.env.put("KVS_URI", "local://" + dir.resolve("none.sock"));
    CliHarness.Result r = kvs.run("version");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("kvs: version: cannot connect to local://");
    kvs.env.remove("KVS_URI");
    assertThat(kvs.run("version").err()).isEqualTo(
        "kvs: version: KVS_URI is not set (local:///path or tcp://host:port)\n");
  }
}
