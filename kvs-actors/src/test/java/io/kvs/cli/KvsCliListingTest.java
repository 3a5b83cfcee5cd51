package io.kvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dir and ls output, which mirror flux kvs byte for byte. */
class KvsCliListingTest {
  @TempDir
  Path dir;

  private CliHarness kvs;

  @BeforeEach
  void start() throws Exception {
    kvs = new CliHarness(dir);
    kvs.ok("put", "a=1", "b.c=2", "b.d.e=3", "empty=");
    kvs.ok("mkdir", "m");
    kvs.ok("link", "-T", "job-1", "x.y", "l");
  }

  @AfterEach
  void stop() throws Exception {
    kvs.close();
  }

  @Test
  void dirPrintsValuesDirectoriesAndSymlinksLikeFlux() {
    assertThat(kvs.ok("dir")).isEqualTo("a = 1\nb.\nempty = \nl -> job-1::x.y\nm.\n");
  }

  @Test
  void dirRecursiveDescendsAndShowsEmptyDirectoriesWithATrailingDot() {
    assertThat(kvs.ok("dir", "-R"))
        .isEqualTo("a = 1\nb.c = 2\nb.d.e = 3\nempty = \nl -> job-1::x.y\nm.\n");
    assertThat(kvs.ok("dir", "-R", "-d", "b")).isEqualTo("b.c\nb.d.e\n");
  }

  @Test
  void dirInJsonPrintsOneObjectPerEntry() {
    assertThat(kvs.ok("-w", "json", "dir", "b"))
        .isEqualTo("{\"key\":\"b.c\",\"type\":\"val\",\"value\":\"2\"}\n"
            + "{\"key\":\"b.d\",\"type\":\"dir\"}\n");
  }

  @Test
  void dirOfAValueFailsWithNotADirectory() {
    CliHarness.Result r = kvs.run("dir", "a");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Not a directory");
  }

  @Test
  void kvLineCutsAtWidthNewlineAndNonPrintableBytesLikeKvPrintf() {
    byte[] v = "abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.UTF_8);
    assertThat(line("k", v, 10)).isEqualTo("k = abc...\n");
    assertThat(line("k", v, 0)).isEqualTo("k = abcdefghijklmnopqrstuvwxyz\n");
    assertThat(line("k", v, 3)).isEqualTo("k = abcdefghijklmnopqrstuvwxyz\n");
    assertThat(line("k", "one\ntwo".getBytes(StandardCharsets.UTF_8), 80)).isEqualTo("k = one...\n");
    assertThat(line("k", "one\n".getBytes(StandardCharsets.UTF_8), 80)).isEqualTo("k = one\n");
    assertThat(line("k", new byte[] {'o', 7, 'k'}, 80)).isEqualTo("k = o...\n");
  }

  @Test
  void dirWidthComesFromTheOptionThenColumns() {
    kvs.ok("put", "long=0123456789012345678901234567890123456789");
    assertThat(kvs.ok("dir", "-w", "20")).contains("long = 0123456789...\n");
    kvs.env.put("COLUMNS", "15");
    assertThat(kvs.ok("dir")).contains("long = 01234...\n");
  }

  @Test
  void lsPrintsNamesInColumnsAcrossTheWidth() {
    assertThat(kvs.ok("ls")).isEqualTo("a        b        empty    l        m\n");
    assertThat(kvs.ok("ls", "-w", "20")).isEqualTo("a        b\nempty    l\nm\n");
    assertThat(kvs.ok("ls", "-1")).isEqualTo("a\nb\nempty\nl\nm\n");
  }

  @Test
  void lsClassifyMarksDirectoriesWithDotAndSymlinksWithAt() {
    assertThat(kvs.ok("ls", "-F", "-1")).isEqualTo("a\nb.\nempty\nl@\nm.\n");
  }

  @Test
  void lsListsSinglesFirstThenLabelledDirectories() {
    assertThat(kvs.ok("ls", "-1", "a", "b", "m")).isEqualTo("a\n\nb:\nc\nd\n\nm:\n");
    assertThat(kvs.ok("ls", "-d", "-1", "b", "a")).isEqualTo("a\nb\n");
  }

  @Test
  void lsRecursiveLabelsEveryDirectory() {
    assertThat(kvs.ok("ls", "-R", "-1", "b")).isEqualTo("b:\nc\nd\n\nb.d:\ne\n");
  }

  @Test
  void lsWithATrailingDotRequiresADirectoryAndReportsEachBadKey() {
    CliHarness.Result r = kvs.run("ls", "-1", "a.", "nope", "b");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("kvs: ls: a: Not a directory\n"
        + "kvs: ls: nope: No such file or directory\n");
    assertThat(r.out()).isEqualTo("c\nd\n");
  }

  @Test
  void lsInJsonPrintsOneObjectPerEntry() {
    assertThat(kvs.ok("-w", "json", "ls", "b"))
        .isEqualTo("{\"key\":\"b.c\",\"type\":\"val\"}\n{\"key\":\"b.d\",\"type\":\"dir\"}\n");
  }

  private static String line(String key, byte[] value, int width) {
    return new String(DirCommand.kvLine(key, value, width), StandardCharsets.UTF_8);
  }
}
