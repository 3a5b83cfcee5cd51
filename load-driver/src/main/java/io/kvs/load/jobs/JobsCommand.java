package io.kvs.load.jobs;

import io.kvs.client.KvsClient;
import io.kvs.load.drive.OutputOptions;
import io.kvs.load.drive.Pipeline;
import io.kvs.load.drive.Report;
import io.kvs.load.drive.Target;
import io.kvs.load.drive.TargetOptions;
import io.kvs.load.report.Progress;
import io.kvs.load.report.Recorder;
import io.kvs.load.report.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kvs-load jobs}: the job-throughput simulation (KVS-SPEC §6). */
@Command(name = "jobs", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Simulates jobs, each with its guest namespace: the exec on rank 0 creates",
        "job-<id> for the job's user, appends init and links job.<dothex>.guest in primary;",
        "a shell on a follower writes its events and output as the user; a watcher may follow",
        "the output; the exec appends done, copies the guest root into primary and removes the",
        "namespace. Verifies every copy in primary at the end. Bounded."})
public final class JobsCommand implements Callable<Integer> {
  @Option(names = "--jobs", defaultValue = "1000",
      description = "Jobs to run (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--concurrency", defaultValue = "64",
      description = "Jobs running at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--output-lines", defaultValue = "10",
      description = "Output lines per job (default: ${DEFAULT-VALUE}).")
  int outputLines;

  @Option(names = "--output-batch", defaultValue = "10",
      description = "Output lines per commit of the shell (default: ${DEFAULT-VALUE}).")
  int outputBatch;

  @Option(names = "--watchers", defaultValue = "0", paramLabel = "PERCENT",
      description = "Percentage of jobs with a watcher attached to their output (default: "
          + "${DEFAULT-VALUE}).")
  int watchers;

  @Option(names = "--users", defaultValue = "16",
      description = "Distinct job users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS",
      description = "Stop starting jobs after this long; 0: run all --jobs (default: "
          + "${DEFAULT-VALUE}).")
  long duration;

  @Option(names = "--warmup", defaultValue = "2000",
      description = {"Jobs run first, untimed and unreported, so the JIT has compiled the hot",
          "paths before measuring (default: ${DEFAULT-VALUE})."})
  int warmup;

  @Option(names = "--timeout", defaultValue = "900",
      description = "Seconds the whole run may take before it fails (default: ${DEFAULT-VALUE}).")
  long timeout;

  @Option(names = "--no-verify", description = "Skip the check of every job's copy in primary.")
  boolean noVerify;

  @Mixin TargetOptions target;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    validate();
    JobSpec spec = spec();
    List<KvsClient> clients = new ArrayList<>();
    try (Target t = target.open(null)) {
      for (int r = 0; r < t.ranks(); r++) {
        clients.add(t.connect(r));
      }
      JobIds ids = new JobIds(ProcessHandle.current().pid() & 0x3fff);
      if (warmup > 0) {
        Pipeline quiet = new Pipeline(concurrency, timeout, new Recorder(),
            Progress.start("warm-up", 0, false));
        new JobSim(clients, spec, quiet, ids).run(warmup, concurrency, 0, timeout);
      }
      Recorder recorder = new Recorder();
      JobSim.Outcome outcome;
      try (Progress progress = Progress.start("jobs", jobs, output.progress())) {
        Pipeline pipeline = new Pipeline(concurrency, timeout, recorder, progress);
        outcome = new JobSim(clients, spec, pipeline, ids).run(jobs, concurrency, duration,
            timeout);
      }
      recorder.stop();
      JobVerifier.Verdict verdict = null;
      if (!noVerify) {
        try (Progress progress = Progress.start("verify", outcome.ids().size(),
            output.progress())) {
          verdict = JobVerifier.verify(clients.get(0), outcome.ids(), spec,
              new Pipeline(500, timeout, new Recorder(), progress));
        }
      }
      Summary summary = JobsReport.summary(t.description(), this, outcome, verdict, recorder);
      Report.emit(summary, recorder, JobsReport.charts(outcome), output);
      boolean good = outcome.failed() == 0
          && (verdict == null || (verdict.lost() == 0 && verdict.namespacesLeft() == 0));
      return good ? 0 : 1;
    } finally {
      clients.forEach(KvsClient::close);
    }
  }

  private void validate() {
    output.validate();
    target.validate();
    if (jobs < 1 || concurrency < 1 || duration < 0 || timeout < 1 || warmup < 0) {
      throw new IllegalArgumentException("kvs-load: --jobs and --concurrency must be >= 1,"
          + " --duration and --warmup >= 0, --timeout >= 1");
    }
    spec();
  }

  /** The jobs' shape from the options (job users from uid 5000, 60 s per step); validates. */
  private JobSpec spec() {
    return new JobSpec(outputLines, outputBatch, watchers, users, 5000, 60);
  }
}
