package io.kvs.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.Tunables;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConfigReloaderTest {
  private static final Config BASE = ConfigFactory.load("embedded");

  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(BASE).resolve();
  }

  @Test
  void changedPathsListsEveryKvsLeafThatDiffersOrIsNewOrGone() {
    Config before = with("kvs.extra.a = 1\nakka.loglevel = DEBUG");
    Config after = with("kvs.transaction-merge = off\nkvs.extra.b = 2\nakka.loglevel = INFO");
    assertThat(ConfigReloader.changedPaths(before, after))
        .containsExactly("kvs.extra.a", "kvs.extra.b", "kvs.transaction-merge");
    assertThat(ConfigReloader.changedPaths(before, before)).isEmpty();
  }

  @Test
  void aReloadSetsEveryTunableAtOnce() {
    AtomicReference<Config> source = new AtomicReference<>(BASE);
    Tunables tunables = new Tunables(KvsSettings.fromConfig(BASE).tunables());
    ConfigReloader reloader = new ConfigReloader(source::get, BASE, tunables);
    source.set(with("kvs.transaction-merge = off\nkvs.follower.resync-after = 250ms\n"
        + "kvs.follower.namespace-idle-expiry = 5m"));
    assertThat(reloader.reload()).containsExactly("kvs.follower.namespace-idle-expiry",
        "kvs.follower.resync-after", "kvs.transaction-merge");
    assertThat(tunables.transactionMerge()).isFalse();
    assertThat(tunables.resyncAfter()).isEqualTo(Duration.ofMillis(250));
    assertThat(tunables.idleExpiry()).isEqualTo(Duration.ofMinutes(5));
    assertThat(reloader.reload()).as("the same again changes nothing").isEmpty();
  }

  @Test
  void aFixedSettingOrABadValueRefusesTheWholeReload() {
    AtomicReference<Config> source = new AtomicReference<>(BASE);
    Tunables tunables = new Tunables(KvsSettings.fromConfig(BASE).tunables());
    ConfigReloader reloader = new ConfigReloader(source::get, BASE, tunables);
    source.set(with("kvs.transaction-merge = off\nkvs.hash = sha1\nkvs.ask-timeout = 3s"));
    assertThatThrownBy(reloader::reload).isInstanceOfSatisfying(KvsException.class, e -> {
      assertThat(e.error()).isEqualTo(KvsError.INVALID);
      assertThat(e.text()).contains("kvs.ask-timeout, kvs.hash cannot change")
          .contains("restart the rank to change them");
    });
    source.set(with("kvs.follower.resync-after = 0s"));
    assertThatThrownBy(reloader::reload).isInstanceOfSatisfying(KvsException.class,
        e -> assertThat(e.text()).startsWith("kvs: configuration not reloaded: ")
            .contains("must be > 0"));
    source.set(with("kvs.transaction-merge = maybe"));
    assertThatThrownBy(reloader::reload).isInstanceOf(KvsException.class);
    assertThat(tunables.transactionMerge()).as("nothing applied").isTrue();
  }

  @Test
  void aFixedReloaderChangesNothing() {
    Tunables tunables = new Tunables(KvsSettings.fromConfig(BASE).tunables());
    assertThat(ConfigReloader.fixed(BASE, tunables).reload()).isEmpty();
  }
}
