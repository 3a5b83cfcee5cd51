package io.kvs.connector;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.kvs.rank.KvsRank;
import io.kvs.rank.KvsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A rank that does not answer, then one that is gone, behind a real connector. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectorFailureTest {
  static ActorTestKit kit;
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    kit = ActorTestKit.create("connector-failure");
    dir = Files.createTempDirectory("kvs-conn-fail");
  }

  @AfterAll
  static void stop() throws Exception {
    kit.shutdownTestKit();
    Files.deleteIfExists(dir.resolve("local.sock"));
    Files.deleteIfExists(dir);
  }

  @Test
  void aRankThatDoesNotAnswerInTimeGivesEtimedoutThenAGoneRankGivesEnosys() throws Exception {
    TestProbe<KvsRank.Command> silentRank = kit.createTestProbe();
    KvsSettings settings = KvsSettings.fromConfig(ConfigFactory.parseString(
        "kvs.instance-owner = 4000\nkvs.ask-timeout = 300ms\n")
        .withFallback(ConfigFactory.load("embedded")).resolve());
    ActorRef<Connector.Command> connector = kit.spawn(Connector.create(silentRank.getRef(),
        settings, ConnectorSettings.unixOnly(dir.resolve("local.sock"))));
    TestProbe<Connector.Status> status = kit.createTestProbe();
    connector.tell(new Connector.GetStatus(status.getRef()));
    status.receiveMessage();
    try (WireClient c = WireClient.unix(dir.resolve("local.sock"))) {
      ObjectNode timedOut = c.rpc("kvs.getroot", "{\"namespace\":\"primary\"}");
      assertThat(timedOut.path("errnum").asInt()).isEqualTo(110);
      assertThat(silentRank.receiveMessage()).isInstanceOf(KvsRank.GetRoot.class);
      silentRank.stop();
      ObjectNode gone = null;
      for (int i = 0; i < 50; i++) {
        gone = c.rpc("kvs.getroot", "{\"namespace\":\"primary\"}");
        if (gone.path("errnum").asInt() == 38) {
          break;
        }
      }
      assertThat(gone.path("errnum").asInt()).isEqualTo(38);
      assertThat(gone.path("errstr").asText()).isEqualTo("kvs: the rank is gone");
    }
  }
}
