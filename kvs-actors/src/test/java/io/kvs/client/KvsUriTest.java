package io.kvs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KvsUriTest {
  @Test
  void localUriNamesAnAbsoluteSocketPath() {
    KvsUri u = KvsUri.parse("local:///tmp/kvs/rank-0/local.sock");
    assertThat(u.isLocal()).isTrue();
    assertThat(u.path()).isEqualTo(Path.of("/tmp/kvs/rank-0/local.sock"));
    assertThat(u.token()).isNull();
  }

  @Test
  void tcpUriCarriesHostPortAndDecodedToken() {
    KvsUri u = KvsUri.parse("tcp://127.0.0.1:7000?token=s%3Dcret");
    assertThat(u.isLocal()).isFalse();
    assertThat(u.host()).isEqualTo("127.0.0.1");
    assertThat(u.port()).isEqualTo(7000);
    assertThat(u.token()).isEqualTo("s=cret");
  }

  @Test
  void tcpUriWithoutTokenHasNullToken() {
    assertThat(KvsUri.parse("tcp://localhost:7000").token()).isNull();
  }

  @Test
  void toStringNeverShowsTheToken() {
    assertThat(KvsUri.parse("tcp://localhost:7000?token=secret").toString())
        .isEqualTo("tcp://localhost:7000").doesNotContain("secret");
  }

  @Test
  void unknownSchemesRelativePathsAndMissingPortsAreRejected() {
    assertThatThrownBy(() -> KvsUri.parse("ssh://host/x")).hasMessageContaining("unsupported");
    assertThatThrownBy(() -> KvsUri.parse("local://relative/sock"))
        .hasMessageContaining("local:///absolute");
    assertThatThrownBy(() -> KvsUri.parse("tcp://localhost")).hasMessageContaining("host:port");
    assertThatThrownBy(() -> KvsUri.parse("tcp://localhost:1?user=x"))
        .hasMessageContaining("token");
    assertThatThrownBy(() -> KvsUri.parse("")).hasMessageContaining("empty");
  }

  @Test
  void environmentPrefersKvsUriThenFallsBackToRank0SocketOfKvsRundir() {
    assertThat(KvsUri.fromEnv(Map.of("KVS_URI", "local:///a/b.sock", "KVS_RUNDIR", "/r")).path())
        .isEqualTo(Path.of("/a/b.sock"));
    assertThat(KvsUri.fromEnv(Map.of("KVS_RUNDIR", "/r")).path())
        .isEqualTo(Path.of("/r/rank-0/local.sock"));
    assertThatThrownBy(() -> KvsUri.fromEnv(Map.of())).hasMessageContaining("KVS_URI is not set");
  }
}
