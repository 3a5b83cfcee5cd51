package io.kvs.load.drive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvs.client.KvsClient;
import io.kvs.client.KvsUri;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TargetTest {
  @Test
  void anEmbeddedTargetServesItsConnectorsUntilClosed() throws Exception {
    KvsUri uri;
    try (Target t = Target.embedded(1, "per-namespace")) {
      assertThat(t.ranks()).isEqualTo(1);
      assertThat(t.isEmbedded()).isTrue();
      assertThat(t.description()).isEqualTo("embedded, 1 rank");
      assertThat(t.rootSubscription()).isEqualTo("per-namespace");
      uri = t.uri(0);
      try (KvsClient c = t.connect(0)) {
        c.namespaceCreate("target-test-1").get(30, TimeUnit.SECONDS);
        assertThat(c.namespaceList().get(30, TimeUnit.SECONDS))
            .anySatisfy(ns -> assertThat(ns.namespace()).isEqualTo("target-test-1"));
        c.namespaceRemove("target-test-1").get(30, TimeUnit.SECONDS);
      }
      assertThatThrownBy(() -> t.connect(1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("kvs-load: rank 1 is not in this cluster (ranks 0-0)");
      assertThatThrownBy(() -> t.checkRank(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    assertThatThrownBy(() -> KvsClient.connect(uri).close()).isInstanceOf(Exception.class);
  }
}
