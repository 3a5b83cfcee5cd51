package io.kvs.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectorWithoutWatchServiceTest {

  @Test
  void watchTopicsAnswerEnosysWhenTheRankHasNoWatchService() throws Exception {
    try (ConnectorFixture f = new ConnectorFixture(); WireClient c = f.client()) {
      c.sendLine("{\"topic\":\"kvs-watch.lookup\",\"matchtag\":4,\"streaming\":true,"
          + "\"payload\":{\"namespace\":\"primary\",\"key\":\"a\",\"flags\":4}}");
      ObjectNode r = c.read();
      assertThat(r.path("matchtag").asLong()).isEqualTo(4);
      assertThat(r.path("errnum").asInt()).isEqualTo(38);
      c.sendLine("{\"topic\":\"kvs-watch.cancel\",\"matchtag\":5,\"payload\":{\"matchtag\":4}}");
      assertThat(c.rpc("kvs.ping", "{}").has("payload")).isTrue(); // the cancel got no answer
    }
  }
}
