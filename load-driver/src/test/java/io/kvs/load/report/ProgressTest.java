package io.kvs.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream out;
  private PrintStream err;

  @BeforeEach
  void capture() {
    out = System.out;
    err = System.err;
    PrintStream sink = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(sink);
    System.setErr(sink);
  }

  @AfterEach
  void restore() {
    System.setOut(out);
    System.setErr(err);
  }

  @Test
  void aDisabledProgressPrintsNothing() {
    try (Progress p = Progress.start("jobs", 100, false)) {
      p.step(10);
      p.message("42/s");
      assertThat(p.enabled()).isFalse();
    }
    assertThat(captured.toByteArray()).isEmpty();
  }

  @Test
  void withoutAConsoleAnEnabledProgressPrintsNothing() {
    // Test JVMs have their output piped, so there is no console.
    assertThat(System.console()).isNull();
    try (Progress p = Progress.start("jobs", 0, true)) {
      p.step(1);
      p.message("1/s");
      assertThat(p.enabled()).isFalse();
    }
    assertThat(captured.toByteArray()).isEmpty();
  }
}
