package io.kvs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.deploy.ClusterProcesses.Rank;
import io.kvs.deploy.ClusterProcesses.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranks as real processes through bin/kvs-cluster: start, ready line and files, status,
 * stop. The first start after a build also creates bin/kvs-node's class-data archive (a few
 * seconds once).
 */
class KvsNodeProcessTest {

  private static final Duration START = Duration.ofSeconds(60);

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void oneRankStartsReportsStatusAndStops(@TempDir Path rundir) throws Exception {
    Rank rank;
    try (ClusterProcesses cluster = ClusterProcesses.start(1, rundir, START)) {
      assertThat(cluster.ranks()).hasSize(1);
      rank = cluster.rank(0);
      assertThat(cluster.startResult().stdout())
          .contains("1 rank(s) up")
          .contains(Long.toString(rank.pid()))
          .contains(rank.address())
          .contains(rank.log().toString())
          .contains(rank.socket().toString());

      // Up: the process runs, wrote its pid, its ready file and the ready line.
      assertThat(rank.isAlive()).isTrue();
      assertThat(ClusterProcesses.pidFileContent(rank)).contains(rank.pid());
      assertThat(rank.address()).matches("akka://kvs@127\\.0\\.0\\.1:\\d+");
      assertThat(Files.readString(rank.log()))
          .contains("kvs-node: rank 0 of 1 ready at " + rank.address());

      Result status = cluster.status();
      assertThat(status.exitCode()).as(status.output()).isZero();
      assertThat(status.stdout()).containsPattern("0\\s+" + rank.pid() + "\\s+up\\s+");

      Result stop = cluster.stop(Duration.ofSeconds(20));
      assertThat(stop.exitCode()).as(stop.output()).isZero();
      assertThat(stop.stderr()).doesNotContain("SIGKILL");
      assertThat(cluster.awaitGone(Duration.ofSeconds(10))).isTrue();
    }
    // A clean, coordinated shutdown removed the files; the log stays.
    assertThat(rank.pidFile()).doesNotExist();
    assertThat(rank.readyFile()).doesNotExist();
    assertThat(rundir.resolve("cluster")).doesNotExist();
    assertThat(Files.readString(rank.log())).contains("Successfully shut down");

    Result after = ClusterProcesses.kvsCluster(Map.of(), "status", "--rundir", rundir.toString());
    assertThat(after.exitCode()).isEqualTo(2);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void threeRanksFormOneCluster(@TempDir Path rundir) throws Exception {
    try (ClusterProcesses cluster = ClusterProcesses.start(3, rundir, START)) {
      assertThat(cluster.ranks()).extracting(Rank::rank).containsExactly(0, 1, 2);
      assertThat(cluster.addresses()).doesNotHaveDuplicates()
          .allMatch(a -> a.startsWith("akka://kvs@127.0.0.1:"));
      assertThat(cluster.pids()).doesNotHaveDuplicates();
      for (Rank r : cluster.ranks()) {
        assertThat(r.isAlive()).isTrue();
        assertThat(Files.readString(r.log()))
            .contains("kvs-node: rank " + r.rank() + " of 3 ready at " + r.address());
      }
      // Followers joined rank 0's cluster (seed), not clusters of their own: each found rank 0
      // (which Akka's leader moved them Up for; the leader is whichever has the lowest address).
      String rank0Log = Files.readString(cluster.rank(0).log());
      assertThat(rank0Log).contains("rank 0 of 3 started");
      for (int follower = 1; follower <= 2; follower++) {
        assertThat(Files.readString(cluster.rank(follower).log()))
            .contains("kvs: rank " + follower + " found rank 0")
            .doesNotContain("forming new cluster");
      }
      assertThat(cluster.status().exitCode()).isZero();

      Result stop = cluster.stop(Duration.ofSeconds(20));
      assertThat(stop.exitCode()).as(stop.output()).isZero();
      assertThat(cluster.awaitGone(Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aRankThatFailsIsReportedWithItsLog(@TempDir Path rundir) throws Exception {
    // An invalid setting: the rank exits with a configuration error before it is Up.
    Result r = ClusterProcesses.kvsCluster(Map.of("KVS_JAVA_OPTS", "-Dkvs.hash=md5"),
        "start", "--size", "1", "--rundir", rundir.toString(), "--timeout", "30");
    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    assertThat(r.stderr()).contains("rank 0 exited before it was ready")
        .contains("kvs-node: configuration error").contains("md5");
    assertThat(rundir.resolve("cluster")).doesNotExist();
  }
}
