package io.kvs.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeysTest {
  @Test
  void runsOfDotsCollapseAndOneLeadingAndTrailingDotAreDropped() {
    assertThat(Keys.normalize("a..b.")).isEqualTo("a.b");
    assertThat(Keys.normalize("..a...b..")).isEqualTo("a.b");
    assertThat(Keys.normalize(".a")).isEqualTo("a");
    assertThat(Keys.normalize("a.")).isEqualTo("a");
  }

  @Test
  void rootAndAllDotKeysNormalizeToTheRoot() {
    assertThat(Keys.normalize(".")).isEqualTo(".");
    assertThat(Keys.normalize("..")).isEqualTo(".");
    assertThat(Keys.normalize(".....")).isEqualTo(".");
  }

  @Test
  void normalKeysAreReturnedWithoutCopying() {
    String key = "job.42.guest";
    assertThat(Keys.normalize(key)).isSameAs(key);
    assertThat(Keys.normalize("x")).isEqualTo("x");
  }

  @Test
  void emptyKeyStaysEmpty() {
    assertThat(Keys.normalize("")).isEmpty();
  }

  @Test
  void nonAsciiComponentsAreKept() {
    assertThat(Keys.normalize("résumé..ключ.")).isEqualTo("résumé.ключ");
  }

  @Test
  void componentsSplitANormalizedKeyInOrder() {
    assertThat(Keys.components("a.b.c")).containsExactly("a", "b", "c");
    assertThat(Keys.components("a")).containsExactly("a");
  }

  @Test
  void rootHasNoComponents() {
    assertThat(Keys.components(".")).isEmpty();
    assertThat(Keys.components("")).isEmpty();
  }

  @Test
  void joinIsTheInverseOfComponents() {
    assertThat(Keys.join(List.of("a", "b", "c"))).isEqualTo("a.b.c");
    assertThat(Keys.join(Keys.components("x.y"))).isEqualTo("x.y");
  }

  @Test
  void joiningNoComponentsGivesTheRoot() {
    assertThat(Keys.join(List.of())).isEqualTo(".");
  }
}
