package io.kvs.load.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.client.Eventlog;
import io.kvs.treeobj.Bytes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobEventsTest {
  private static final long ID = 0x0000_0004_b200_0001L;
  private static final int LINES = 5;

  private static List<Eventlog.Event> parse(String log) {
    return Eventlog.parse(Bytes.utf8(log));
  }

  private static List<Eventlog.Event> execLog(List<String> names) {
    StringBuilder b = new StringBuilder();
    names.forEach(n -> b.append(JobEvents.exec(n)));
    return parse(b.toString());
  }

  private static List<Eventlog.Event> completeExec() {
    return execLog(JobEvents.EXEC_EVENTS);
  }

  /** The output as the shell writes it, in two batches. */
  private static List<Eventlog.Event> completeOutput() {
    return parse(JobEvents.header() + JobEvents.data(ID, 0, 3) + JobEvents.data(ID, 3, LINES)
        + JobEvents.eof());
  }

  @Test
  void completeLogsHaveNoProblems() {
    assertThat(JobEvents.problems(ID, LINES, completeExec(), completeOutput())).isEmpty();
  }

  @Test
  void aJobWithoutOutputLinesIsCompleteWithHeaderAndEof() {
    List<Eventlog.Event> output = parse(JobEvents.header() + JobEvents.eof());

    assertThat(JobEvents.problems(ID, 0, completeExec(), output)).isEmpty();
  }

  @Test
  void dataEntriesCarryEachLineOnStdout() {
    List<Eventlog.Event> data = parse(JobEvents.data(ID, 2, 4));

    assertThat(data).hasSize(2);
    assertThat(data.get(0).name()).isEqualTo("data");
    assertThat(data.get(0).context().path("stream").asText()).isEqualTo("stdout");
    assertThat(data.get(1).context().path("data").asText()).isEqualTo(JobEvents.line(ID, 3));
    assertThat(JobEvents.line(ID, 3)).isEqualTo("job " + ID + " line 3\n");
    assertThat(JobEvents.isEof(data.get(0))).isFalse();
    assertThat(JobEvents.isEof(parse(JobEvents.eof()).get(0))).isTrue();
  }

  @Test
  void aMissingLineIsAProblem() {
    List<Eventlog.Event> output = new ArrayList<>(completeOutput());
    output.remove(3);

    assertThat(JobEvents.problems(ID, LINES, completeExec(), output))
        .containsExactly("output entry 3 is not line 2");
  }

  @Test
  void aMissingLastLineIsAProblem() {
    List<Eventlog.Event> output = new ArrayList<>(completeOutput());
    output.remove(LINES);

    assertThat(JobEvents.problems(ID, LINES, completeExec(), output))
        .containsExactly("output has 4 lines, expected 5");
  }

  @Test
  void aMissingEofIsAProblem() {
    List<Eventlog.Event> output = new ArrayList<>(completeOutput());
    output.remove(output.size() - 1);

    assertThat(JobEvents.problems(ID, LINES, completeExec(), output))
        .containsExactly("output does not end with eof");
  }

  @Test
  void aMissingHeaderIsAProblem() {
    List<Eventlog.Event> output = parse(JobEvents.data(ID, 0, LINES) + JobEvents.eof());

    assertThat(JobEvents.problems(ID, LINES, completeExec(), output))
        .contains("output does not start with a header");
  }

  @Test
  void anEmptyOutputIsAProblem() {
    assertThat(JobEvents.problems(ID, LINES, completeExec(), List.of())).containsExactly(
        "output does not start with a header", "output has 0 lines, expected 5",
        "output does not end with eof");
  }

  @Test
  void aMissingExecEventIsAProblem() {
    List<Eventlog.Event> exec = execLog(List.of("init", "shell.init", "shell.start", "done"));

    assertThat(JobEvents.problems(ID, LINES, exec, completeOutput())).singleElement()
        .asString().startsWith("exec.eventlog has [init, shell.init, shell.start, done]")
        .endsWith("expected [init, shell.init, shell.start, complete, done]");
  }

  @Test
  void execEventsOutOfOrderAreAProblem() {
    List<Eventlog.Event> exec =
        execLog(List.of("init", "shell.start", "shell.init", "complete", "done"));

    assertThat(JobEvents.problems(ID, LINES, exec, completeOutput())).hasSize(1);
  }

  @Test
  void aWrongLineTextIsAProblem() {
    List<Eventlog.Event> output = parse(JobEvents.header() + JobEvents.data(ID, 0, 2)
        + JobEvents.data(ID + 1, 2, 3) + JobEvents.data(ID, 3, LINES) + JobEvents.eof());

    assertThat(JobEvents.problems(ID, LINES, completeExec(), output))
        .containsExactly("output entry 3 is not line 2");
  }

  @Test
  void linesOfAnotherJobAreAProblem() {
    assertThat(JobEvents.problems(ID + 1, LINES, completeExec(), completeOutput()))
        .containsExactly("output entry 1 is not line 0");
  }
}
