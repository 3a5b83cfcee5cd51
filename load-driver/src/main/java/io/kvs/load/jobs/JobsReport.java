package io.kvs.load.jobs;

import io.kvs.load.report.Chart;
import io.kvs.load.report.Recorder;
import io.kvs.load.report.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The summary and the plots of a jobs run. Pure. */
final class JobsReport {
  private static final int POINTS = 50;

  private JobsReport() {}

  static Summary summary(String target, JobsCommand c, JobSim.Outcome o,
      JobVerifier.Verdict v, Recorder recorder) {
    double[] deciles = JobSim.deciles(o.endNanos());
    double rate = o.ids().size() / (o.elapsedNanos() / 1e9);
    Summary s = new Summary("jobs", target)
        .param("jobs", c.jobs).param("concurrency", c.concurrency)
        .param("output_lines", c.outputLines).param("output_batch", c.outputBatch)
        .param("watchers_percent", c.watchers).param("users", c.users)
        .param("duration_s", c.duration).param("warmup_jobs", c.warmup)
        .result("jobs", o.ids().size())
        .result("jobs_per_s", rate)
        .result("first_decile_jobs_per_s", deciles[0])
        .result("last_decile_jobs_per_s", deciles[1])
        .result("failed_jobs", o.failed())
        .result("verified_jobs", v == null ? null : v.verified())
        .result("lost_jobs", v == null ? null : v.lost())
        .result("namespaces_left", v == null ? null : v.namespacesLeft())
        .recorder(recorder);
    String tenths = Double.isNaN(deciles[0]) ? "(first and last tenth: at least 10 jobs needed)"
        : String.format(Locale.ROOT, "first tenth %.0f/s, last tenth %.0f/s (%.0f%%)",
            deciles[0], deciles[1], 100 * deciles[1] / deciles[0]);
    s.note(String.format(Locale.ROOT, "%d jobs in %.2f s: %.0f jobs/s; %s", o.ids().size(),
        o.elapsedNanos() / 1e9, rate, tenths));
    if (v == null) {
      s.note("copies in primary not verified (--no-verify)");
    } else {
      s.note(String.format(Locale.ROOT, "verified %d/%d jobs complete in primary; lost %d;"
          + " guest namespaces left %d", v.verified(), o.ids().size(), v.lost(),
          v.namespacesLeft()));
      v.problems().forEach(p -> s.note("  lost: " + p));
    }
    return s;
  }

  /** Jobs per second against jobs ended, over {@value #POINTS} equal slices of the run. */
  static List<Chart> charts(JobSim.Outcome o) {
    long[] ends = o.endNanos();
    int slice = Math.max(1, ends.length / POINTS);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int hi = slice; hi <= ends.length; hi += slice) {
      long from = hi == slice ? 0 : ends[hi - slice - 1];
      double seconds = (ends[hi - 1] - from) / 1e9;
      if (seconds > 0) {
        x.add((double) hi);
        y.add(slice / seconds);
      }
    }
    return List.of(new Chart("jobs-rate.png", "jobs per second against jobs ended",
        "jobs ended", "jobs per second", false,
        List.of(new Chart.Series("jobs/s", toArray(x), toArray(y)))));
  }

  private static double[] toArray(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
