package io.kvs.load.drive;

import static io.kvs.load.drive.CommandRun.assertUsageError;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The options every benchmark shares ({@link TargetOptions}, {@link OutputOptions}), given bad
 * values: each run ends with exit code 2 and one {@code kvs-load:} line before any rank starts.
 */
class TargetOptionsTest {
  @ParameterizedTest
  @ValueSource(strings = {"nsbench", "jobs", "commit"})
  void anUnknownFormatIsRefused(String command) {
    assertUsageError(CommandRun.of(command, "-w", "yaml"),
        "-w must be text or json, not 'yaml'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nsbench", "jobs", "commit"})
  void unparsableOptionsGiveOneLinePointingAtHelp(String command) {
    assertUsageError(CommandRun.of(command, "--bogus"), "--bogus");
    assertUsageError(CommandRun.of(command, "--ranks", "abc"), "see: kvs-load " + command
        + " --help");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nsbench", "jobs", "commit"})
  void uriAndRundirTogetherAreRefused(String command) {
    assertUsageError(CommandRun.of(command, "--uri", "x", "--rundir", "y"),
        "give --uri or --rundir, not both");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nsbench", "jobs", "commit"})
  void anUnknownRootSubscriptionIsRefused(String command) {
    assertUsageError(CommandRun.of(command, "--root-subscription", "bogus"),
        "--root-subscription must be wildcard or per-namespace, not 'bogus'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nsbench", "jobs", "commit"})
  void aRootSubscriptionForARunningClusterIsRefused(String command) {
    assertUsageError(CommandRun.of(command, "--uri", "local:///nonexistent",
        "--root-subscription", "wildcard"), "applies to the embedded cluster only");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65"})
  void ranksOutsideOneToSixtyFourAreRefused(String ranks) {
    assertUsageError(CommandRun.of("commit", "--ranks", ranks),
        "--ranks must be 1-64, not " + ranks);
  }
}
