package io.kvs.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerIdentityTest {
  @Test
  void aDecimalNameIsTheUidItself() {
    assertThat(PeerIdentity.uid("65534").getAsLong()).isEqualTo(65534);
  }

  @Test
  void rootResolvesToZero() {
    assertThat(PeerIdentity.uid("root").getAsLong()).isZero();
  }

  @Test
  void passwdLinesAreSearchedByExactName() {
    List<String> passwd = List.of("rooty:x:7:7::/:/bin/sh", "alice:x:1001:1001::/home/a:/bin/sh");
    assertThat(PeerIdentity.fromPasswd(passwd, "alice").getAsLong()).isEqualTo(1001);
    assertThat(PeerIdentity.fromPasswd(passwd, "root")).isEmpty();
  }

  @Test
  void anUnknownNameResolvesToNothing() {
    assertThat(PeerIdentity.uid("no-such-user-kvs-test")).isEmpty();
  }
}
