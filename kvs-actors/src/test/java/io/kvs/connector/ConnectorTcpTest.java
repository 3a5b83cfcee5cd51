package io.kvs.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectorTcpTest {
  static ConnectorFixture f;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    f = new ConnectorFixture(s -> s.withTcp("127.0.0.1", 0, "s3cret"));
    port = f.status().tcpPort();
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @Test
  void aTcpClientWithTheTokenGetsTheOwnerRole() throws Exception {
    assertThat(port).isPositive();
    try (WireClient c = WireClient.tcp(port)) {
      c.sendLine("{\"token\":\"s3cret\"}");
      assertThat(c.ok("kvs.namespace-list", "{}").path("namespaces").isArray()).isTrue();
    }
  }

  @Test
  void aTcpClientWithAWrongTokenGetsEpermAndIsClosed() throws Exception {
    try (WireClient c = WireClient.tcp(port)) {
      c.sendLine("{\"token\":\"guess\"}");
      ObjectNode r = c.read();
      assertThat(r.path("errnum").asInt()).isEqualTo(1);
      assertThat(c.readLine()).isNull();
    }
  }

  @Test
  void aTcpClientThatStartsWithARequestIsRefused() throws Exception {
    try (WireClient c = WireClient.tcp(port)) {
      c.sendLine("{\"topic\":\"kvs.ping\",\"matchtag\":1,\"payload\":{}}");
      assertThat(c.read().path("errnum").asInt()).isEqualTo(1);
      assertThat(c.readLine()).isNull();
    }
  }
}
