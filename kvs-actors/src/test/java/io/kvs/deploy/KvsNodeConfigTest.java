package io.kvs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import io.kvs.node.KvsNodeMain;
import io.kvs.rank.KvsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How KvsNodeMain turns the environment and the deployment files into a rank's configuration. */
class KvsNodeConfigTest {

  @Test
  void seedsBecomeAkkaAddressesOfTheKvsSystem() {
    assertThat(KvsNodeMain.seedAddresses(" rank0:2551, 10.0.0.2:2552 ,,"))
        .containsExactly("akka://kvs@rank0:2551", "akka://kvs@10.0.0.2:2552");
    assertThat(KvsNodeMain.seedAddresses("akka://kvs@h:1")).containsExactly("akka://kvs@h:1");
    assertThat(KvsNodeMain.seedAddresses(null)).isEmpty();
    assertThat(KvsNodeMain.seedAddresses("  ")).isEmpty();
    assertThat(KvsNodeMain.seedNodesConfig("a:1,b:2").getStringList("akka.cluster.seed-nodes"))
        .containsExactly("akka://kvs@a:1", "akka://kvs@b:2");
    assertThat(KvsNodeMain.seedNodesConfig("").isEmpty()).isTrue();
    assertThatThrownBy(() -> KvsNodeMain.seedAddresses("rank0")).hasMessageContaining("KVS_SEEDS");
    assertThatThrownBy(() -> KvsNodeMain.seedAddresses("h:99999")).hasMessageContaining("port");
    assertThatThrownBy(() -> KvsNodeMain.seedAddresses("akka://other@h:1"))
        .hasMessageContaining("kvs");
  }

  @Test
  void localDeploymentIsTheDefaultWithPort2551PlusRank() {
    Config c = KvsNodeMain.loadConfig(Map.of("KVS_RANK", "2", "KVS_SIZE", "3"), Optional.empty());
    assertThat(c.getInt("akka.remote.artery.canonical.port")).isEqualTo(2553);
    assertThat(c.getString("akka.remote.artery.canonical.hostname")).isEqualTo("127.0.0.1");
    assertThat(c.getStringList("akka.cluster.seed-nodes")).isEmpty();
    assertThat(c.getString("kvs.rundir")).isEqualTo("run");
    KvsSettings s = KvsSettings.fromConfig(c);
    assertThat(s.rank()).isEqualTo(2);
    assertThat(s.size()).isEqualTo(3);
  }

  @Test
  void environmentOverridesIdentity() {
    Config c = KvsNodeMain.loadConfig(Map.of("KVS_RANK", "1", "KVS_SIZE", "2", "KVS_PORT", "0",
        "KVS_HOST", "node7", "KVS_SEEDS", "node1:4000", "KVS_RUNDIR", "/tmp/x"), Optional.empty());
    assertThat(c.getInt("akka.remote.artery.canonical.port")).isZero();
    assertThat(c.getString("akka.remote.artery.canonical.hostname")).isEqualTo("node7");
    assertThat(c.getStringList("akka.cluster.seed-nodes")).containsExactly("akka://kvs@node1:4000");
    assertThat(c.getString("kvs.rundir")).isEqualTo("/tmp/x");
    assertThat(c.hasPath("KVS_RANK")).as("the environment does not leak into the config").isFalse();
  }

  @Test
  void configFileMayIncludeADeploymentAndOverrideKeys(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("mine.conf");
    Files.writeString(f, "include \"local.conf\"\nkvs.node.base-port = 3000\nkvs.hash = sha1\n");
    Config c = KvsNodeMain.loadConfig(Map.of("KVS_RANK", "1", "KVS_SIZE", "2",
        "KVS_DEPLOYMENT", "docker"), Optional.of(f));
    assertThat(c.getInt("akka.remote.artery.canonical.port")).isEqualTo(3001);
    assertThat(c.getString("kvs.hash")).isEqualTo("sha1");
    assertThat(c.hasPath("akka.remote.artery.bind.hostname")
        && c.getString("akka.remote.artery.bind.hostname").equals("0.0.0.0"))
        .as("--config wins over KVS_DEPLOYMENT").isFalse();
  }

  @Test
  void unknownDeploymentIsAnError() {
    assertThatThrownBy(() -> KvsNodeMain.loadConfig(Map.of("KVS_DEPLOYMENT", "cloud"),
        Optional.empty())).hasMessageContaining("cloud.conf");
  }
}
