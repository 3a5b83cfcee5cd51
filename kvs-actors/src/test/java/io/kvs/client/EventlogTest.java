package io.kvs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvs.treeobj.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventlogTest {

  @Test
  void anEventEncodesAsOneCompactJsonLineInFluxOrder() {
    Eventlog.Event e = new Eventlog.Event(1.5, "start",
        Eventlog.parseContext(List.of("{\"a\":", "1}")));
    assertThat(e.encode()).isEqualTo("{\"timestamp\":1.5,\"name\":\"start\",\"context\":{\"a\":1}}\n");
    assertThat(new Eventlog.Event(2, "x", null).encode())
        .isEqualTo("{\"timestamp\":2.0,\"name\":\"x\"}\n");
  }

  @Test
  void anEventFormatsAsTimestampNameAndContext() {
    assertThat(Eventlog.parseLine("{\"timestamp\":1712.25,\"name\":\"init\",\"context\":{\"k\":\"v\"}}")
        .format()).isEqualTo("1712.250000 init {\"k\":\"v\"}");
    assertThat(Eventlog.parseLine("{\"timestamp\":3,\"name\":\"done\"}").format())
        .isEqualTo("3.000000 done");
  }

  @Test
  void aWholeEventlogParsesIntoItsEventsInOrder() {
    List<Eventlog.Event> events = Eventlog.parse(Bytes.utf8(
        "{\"timestamp\":1,\"name\":\"a\"}\n{\"timestamp\":2,\"name\":\"b\",\"context\":{}}\n"));
    assertThat(events).extracting(Eventlog.Event::name).containsExactly("a", "b");
  }

  @Test
  void aReaderHoldsAPartialLastLineUntilALaterPieceCompletesIt() {
    Eventlog.Reader r = new Eventlog.Reader();
    assertThat(r.feed(Bytes.utf8("{\"timestamp\":1,\"name\":\"a\"}\n{\"timestamp\":2,"))).hasSize(1);
    assertThat(r.pending()).isPositive();
    List<Eventlog.Event> rest = r.feed(Bytes.utf8("\"name\":\"b\"}\n"));
    assertThat(rest).extracting(Eventlog.Event::name).containsExactly("b");
    assertThat(r.pending()).isZero();
  }

  @Test
  void entriesWithoutAPositiveTimestampANameOrWithANonObjectContextAreRejected() {
    for (String bad : List.of("{\"timestamp\":0,\"name\":\"a\"}", "{\"timestamp\":\"1\",\"name\":\"a\"}",
        "{\"timestamp\":1}", "{\"timestamp\":1,\"name\":\"\"}",
        "{\"timestamp\":1,\"name\":\"a\",\"context\":[1]}", "[1]", "not json")) {
      assertThatThrownBy(() -> Eventlog.parseLine(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Eventlog.parse(Bytes.utf8("{\"timestamp\":1,\"name\":\"a\"}")))
        .hasMessageContaining("incomplete");
  }

  @Test
  void aContextMustBeAJsonObject() {
    assertThat(Eventlog.parseContext(List.of())).isNull();
    assertThatThrownBy(() -> Eventlog.parseContext(List.of("[1]")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Eventlog.parseContext(List.of("{oops")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
