package io.kvs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import io.kvs.node.KvsNodeMain;
import io.kvs.rank.KvsSettings;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml checked statically (there is no Docker engine on the build machine):
 * its services, every rank's environment against what the code reads, and docker.conf
 * resolved with each rank's environment into valid settings.
 */
class DockerComposeTest {

  private static final Pattern RANK_SERVICE = Pattern.compile("rank(\\d+)");

  /** Variables read by KvsNodeMain and the launchers (the conf files' ones are added below). */
  private static final Set<String> READ_BY_CODE = Set.of("KVS_SEEDS", "KVS_DEPLOYMENT",
      "KVS_PORT", "KVS_LOGLEVEL", "KVS_RUNDIR", "KVS_CDS", "KVS_JAVA_OPTS");

  private static Path root;
  private static JsonNode services;
  private static Map<String, Map<String, String>> rankEnv;

  @BeforeAll
  static void parse() throws IOException {
    root = ClusterProcesses.projectRoot();
    JsonNode compose = new ObjectMapper(new YAMLFactory())
        .readTree(root.resolve("docker-compose.yml").toFile());
    services = compose.get("services");
    assertThat(services).as("services").isNotNull();
    rankEnv = new TreeMap<>();
    for (Iterator<String> it = services.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (RANK_SERVICE.matcher(name).matches()) {
        rankEnv.put(name, environment(services.get(name)));
      }
    }
  }

  @Test
  void servicesAreFourRanksAndTheLoadDriver() {
    Set<String> names = new HashSet<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyInAnyOrder("rank0", "rank1", "rank2", "rank3", "load-driver");
    for (String rank : rankEnv.keySet()) {
      JsonNode s = services.get(rank);
      assertThat(s.get("command").toString()).as(rank).contains("bin/kvs-node");
      assertThat(s.path("hostname").asText()).as(rank).isEqualTo(rank);
      if (!rank.equals("rank0")) {
        assertThat(s.path("depends_on").has("rank0")).as(rank + " waits for rank0").isTrue();
      }
      assertThat(s.path("healthcheck").path("test").toString())
          .as(rank + " is healthy once ready")
          .contains(rankEnv.get(rank).get("KVS_RUNDIR") + "/rank-"
              + rankEnv.get(rank).get("KVS_RANK") + "/ready");
    }
    JsonNode load = services.get("load-driver");
    assertThat(load.get("command").toString()).contains("bin/kvs-load");
    for (String rank : rankEnv.keySet()) {
      assertThat(load.path("depends_on").has(rank)).as("load-driver waits for " + rank).isTrue();
    }
  }

  @Test
  void everyRankHasAUniqueRankAndTheSameSizeAndSeed() {
    int size = rankEnv.size();
    Set<Integer> ranks = new HashSet<>();
    for (Map.Entry<String, Map<String, String>> e : rankEnv.entrySet()) {
      String service = e.getKey();
      Map<String, String> env = e.getValue();
      int rank = Integer.parseInt(env.get("KVS_RANK"));
      assertThat(ranks.add(rank)).as(service + ": KVS_RANK unique").isTrue();
      Matcher m = RANK_SERVICE.matcher(service);
      assertThat(m.matches()).isTrue();
      assertThat(rank).as(service + ": KVS_RANK matches the service name")
          .isEqualTo(Integer.parseInt(m.group(1)));
      assertThat(Integer.parseInt(env.get("KVS_SIZE"))).as(service + ": KVS_SIZE").isEqualTo(size);
      assertThat(env.get("KVS_HOST")).as(service + ": KVS_HOST").isEqualTo(service);
      assertThat(env.get("KVS_DEPLOYMENT")).as(service).isEqualTo("docker");
      assertThat(env.get("KVS_RUNDIR")).as(service).isNotBlank();
      // Seeds: rank0's service name and port.
      assertThat(KvsNodeMain.seedAddresses(env.get("KVS_SEEDS"))).as(service + ": KVS_SEEDS")
          .containsExactly("akka://kvs@rank0:" + rankEnv.get("rank0").get("KVS_PORT"));
    }
    assertThat(ranks).hasSize(size);
    for (int r = 0; r < size; r++) {
      assertThat(ranks).contains(r);
    }
  }

  @Test
  void portsAgreeWithDockerConf() {
    Config dockerDefault = KvsNodeMain.loadConfig(Map.of("KVS_DEPLOYMENT", "docker"),
        Optional.empty());
    int port = dockerDefault.getInt("akka.remote.artery.canonical.port");
    for (Map.Entry<String, Map<String, String>> e : rankEnv.entrySet()) {
      assertThat(Integer.parseInt(e.getValue().get("KVS_PORT"))).as(e.getKey() + ": KVS_PORT")
          .isEqualTo(port);
      JsonNode expose = services.get(e.getKey()).path("expose");
      assertThat(expose.toString()).as(e.getKey() + ": expose").contains(Integer.toString(port));
    }
  }

  @Test
  void everyKvsVariableIsOneTheCodeReads() throws IOException {
    Set<String> known = new HashSet<>(READ_BY_CODE);
    Pattern ref = Pattern.compile("\\$\\{\\?(KVS_[A-Z0-9_]+)\\}");
    for (String conf : List.of("reference.conf", "kvs-base.conf", "docker.conf", "local.conf")) {
      URL url = KvsNodeMain.class.getClassLoader().getResource(conf);
      assertThat(url).as(conf).isNotNull();
      String text;
      try (var in = url.openStream()) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Matcher m = ref.matcher(text);
      while (m.find()) {
        known.add(m.group(1));
      }
    }
    assertThat(known).contains("KVS_RANK", "KVS_SIZE", "KVS_HOST", "KVS_PORT", "KVS_RUNDIR");
    for (Map.Entry<String, Map<String, String>> e : rankEnv.entrySet()) {
      for (String key : e.getValue().keySet()) {
        if (key.startsWith("KVS_")) {
          assertThat(known).as(e.getKey() + " sets " + key + ", which nothing reads").contains(key);
        }
      }
    }
  }

  @Test
  void dockerConfResolvesIntoValidSettingsForEveryRank() {
    for (Map.Entry<String, Map<String, String>> e : rankEnv.entrySet()) {
      String service = e.getKey();
      Map<String, String> env = e.getValue();
      Config config = KvsNodeMain.loadConfig(env, Optional.empty());
      KvsSettings settings = KvsSettings.fromConfig(config);
      assertThat(settings.rank()).as(service).isEqualTo(Integer.parseInt(env.get("KVS_RANK")));
      assertThat(settings.size()).as(service).isEqualTo(rankEnv.size());
      assertThat(settings.isRoot()).isEqualTo(service.equals("rank0"));
      assertThat(config.getString("akka.remote.artery.canonical.hostname")).isEqualTo(service);
      assertThat(config.getInt("akka.remote.artery.canonical.port"))
          .isEqualTo(Integer.parseInt(env.get("KVS_PORT")));
      assertThat(config.getString("akka.remote.artery.bind.hostname")).isEqualTo("0.0.0.0");
      assertThat(config.getStringList("akka.cluster.seed-nodes"))
          .containsExactly("akka://kvs@rank0:2551");
      assertThat(config.getString("akka.actor.provider")).isEqualTo("cluster");
      assertThat(config.getString("kvs.rundir")).isEqualTo(env.get("KVS_RUNDIR"));
      assertThat(config.hasPath("kvs.node.base-port")).as("local-only setting").isFalse();
    }
  }

  @Test
  void dockerfileBuildsWithMavenAndRunsFromAJre() throws IOException {
    String dockerfile = Files.readString(root.resolve("Dockerfile"));
    assertThat(dockerfile).containsPattern("(?m)^FROM maven:\\S*17\\S* AS build")
        .containsPattern("(?m)^FROM \\S*17-jre")
        .contains("mvn -B -q -DskipTests package")
        .contains("kvs-actors/target/lib")
        .contains("CMD [\"bin/kvs-node\"]");
    for (JsonNode s : services) {
      assertThat(s.path("image").asText()).isEqualTo("kvs:dev");
    }
    assertThat(services.get("rank0").path("build").asText()).isEqualTo(".");
  }

  /** A service's environment, written as a map or as a list of KEY=VALUE. */
  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode e = service.path("environment");
    if (e.isObject()) {
      e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
    } else if (e.isArray()) {
      for (JsonNode item : e) {
        String s = item.asText();
        int eq = s.indexOf('=');
        env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
      }
    }
    return env;
  }
}
