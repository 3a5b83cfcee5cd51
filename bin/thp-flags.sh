# Sourced by bin/kvs-load and bin/kvs-node: prints the JVM flags for transparent huge pages
# when the kernel offers them (transparent_hugepage/enabled is "always" or "madvise"), and
# nothing otherwise (the JVM would then warn on every start).
# Why: first-touch page faults on the heap (4 KiB at a time) took ~20% of the CPU of a jobs
# run; with 2 MiB pages the same run went from 648 to 952-1,004 jobs/s (docs/BENCHMARKS.md §6c).
thp_flags() {
  local enabled
  enabled="$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)"
  if [[ "$enabled" == *"[always]"* || "$enabled" == *"[madvise]"* ]]; then
    echo "-XX:+UseTransparentHugePages"
  fi
}
