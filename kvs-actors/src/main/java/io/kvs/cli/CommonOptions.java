package io.kvs.cli;

import picocli.CommandLine.Option;

/** Options every verb accepts. */
final class CommonOptions {
  @Option(names = {"-N", "--namespace"}, paramLabel = "NS",
      description = "KVS namespace (default: $KVS_NAMESPACE, else primary).")
  String namespace;

  @Option(names = "--write-out", paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (same as kvs -w FORMAT VERB).")
  Format format;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;
}
