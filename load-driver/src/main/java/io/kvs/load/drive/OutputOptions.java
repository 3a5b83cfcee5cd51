package io.kvs.load.drive;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a benchmark reports: text or one JSON document, files in a directory, progress bar. */
public final class OutputOptions {
  @Option(names = {"-w", "--format"}, defaultValue = "text", paramLabel = "FORMAT",
      description = "text or json: one JSON document on stdout (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", paramLabel = "DIR",
      description = {"Also write summary.json, summary.txt, timeseries.csv, .hgrm latency",
          "files and PNG plots into DIR."})
  Path out;

  @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
  boolean noProgress;

  public void validate() {
    if (!format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException("kvs-load: -w must be text or json, not '" + format
          + "'");
    }
  }

  public boolean json() {
    return format.equals("json");
  }

  /** A progress bar only for text output on a terminal. */
  public boolean progress() {
    return !noProgress && !json();
  }

  /** May be null. */
  public Path out() {
    return out;
  }
}
