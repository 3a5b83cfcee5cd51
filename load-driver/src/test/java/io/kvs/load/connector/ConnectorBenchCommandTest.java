package io.kvs.load.connector;

import static io.kvs.load.drive.CommandRun.assertUsageError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvs.load.drive.CommandRun;
import org.junit.jupiter.api.Test;

class ConnectorBenchCommandTest {
  @Test
  void aSmallRunMeasuresTheRoundTripAndPipelinedReadsFromSeveralConnections() throws Exception {
    CommandRun run = CommandRun.of("connector", "--skip", "create", "--lookups", "50",
        "--warmup-lookups", "10", "--reads", "600", "--readers", "3", "--window", "20",
        "-w", "json");

    assertThat(run.exit()).as("exit code, stderr: %s", run.err()).isZero();
    JsonNode doc = run.json();
    assertThat(doc.path("create").isNull()).isTrue();
    assertThat(doc.path("lookup").path("joined").path("count").asLong()).isEqualTo(50);
    JsonNode reads = doc.path("reads");
    assertThat(reads.path("readers").asInt()).isEqualTo(3);
    assertThat(reads.path("count").asInt()).isEqualTo(600);
    assertThat(reads.path("lookupsPerSec").asDouble()).isPositive();
    assertThat(reads.path("errors").asLong()).isZero();
  }

  @Test
  void anUnknownPartToSkipIsRefused() {
    assertUsageError(CommandRun.of("connector", "--skip", "lookup,bogus"),
        "--skip takes lookup, create or reads, not bogus");
  }

  @Test
  void fewerReadsThanReadersAreRefused() {
    assertUsageError(CommandRun.of("connector", "--readers", "4", "--reads", "3"),
        "--reads at least --readers");
  }
}
