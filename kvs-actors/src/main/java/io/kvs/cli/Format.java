package io.kvs.cli;

/** Output formats of {@code -w}: flux-like text, or one compact JSON object per result. */
public enum Format {
  simple,
  json
}
