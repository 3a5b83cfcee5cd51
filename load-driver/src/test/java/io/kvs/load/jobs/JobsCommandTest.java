package io.kvs.load.jobs;

import static io.kvs.load.drive.CommandRun.assertUsageError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvs.load.drive.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsCommandTest {
  @TempDir
  Path tmp;

  @Test
  void aSmallRunVerifiesEveryJobInPrimaryAndWritesItsFiles() throws Exception {
    Path out = tmp.resolve("jobs");

    CommandRun run = CommandRun.of("jobs", "--ranks", "2", "--jobs", "30", "--warmup", "0",
        "--concurrency", "4", "--watchers", "50", "-w", "json", "--out", out.toString());

    assertThat(run.exit()).as("exit code, stderr: %s", run.err()).isZero();
    JsonNode doc = run.json();
    assertThat(doc.path("command").asText()).isEqualTo("jobs");
    assertThat(doc.path("jobs").asLong()).isEqualTo(30);
    assertThat(doc.path("failed_jobs").asLong()).isZero();
    assertThat(doc.path("verified_jobs").asLong()).isEqualTo(30);
    assertThat(doc.path("lost_jobs").asLong()).isZero();
    assertThat(doc.path("namespaces_left").asLong()).isZero();
    assertThat(doc.path("jobs_per_s").asDouble()).isPositive();
    assertThat(doc.path("first_decile_jobs_per_s").asDouble()).isPositive();
    assertThat(doc.path("error_count").asLong()).isZero();
    JsonNode ops = doc.path("operations");
    for (String op : new String[] {"create", "init", "link", "shell", "eof", "done", "copy",
        "remove", "job"}) {
      assertThat(ops.path(op).path("count").asLong()).as(op).isEqualTo(30);
    }
    assertThat(ops.path("watch").path("count").asLong()).isEqualTo(15);
    assertThat(doc.path("params").path("watchers_percent").asInt()).isEqualTo(50);

    assertThat(out.resolve("summary.json")).isNotEmptyFile();
    assertThat(out.resolve("timeseries.csv")).isNotEmptyFile();
    assertThat(out.resolve("job.hgrm")).isNotEmptyFile();
    assertThat(out.resolve("watch.hgrm")).isNotEmptyFile();
    assertThat(Files.readAllBytes(out.resolve("jobs-rate.png"))).startsWith(0x89, 'P', 'N', 'G');
    assertThat(out.resolve("timeseries.png")).isNotEmptyFile();
  }

  @Test
  void moreThanAllJobsWatchedIsRefused() {
    assertUsageError(CommandRun.of("jobs", "--watchers", "101"), "--watchers 0-100");
  }

  @Test
  void zeroJobsAreRefused() {
    assertUsageError(CommandRun.of("jobs", "--jobs", "0"), "--jobs and --concurrency must be");
  }

  @Test
  void zeroConcurrencyIsRefused() {
    assertUsageError(CommandRun.of("jobs", "--concurrency", "0"),
        "--jobs and --concurrency must be");
  }

  @Test
  void zeroOutputBatchIsRefused() {
    assertUsageError(CommandRun.of("jobs", "--output-batch", "0"), "--output-batch >= 1");
  }
}
