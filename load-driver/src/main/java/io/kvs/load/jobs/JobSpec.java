package io.kvs.load.jobs;

/**
 * The shape of every simulated job.
 *
 * @param outputLines lines of output the shell writes
 * @param outputBatch lines per output commit (the shell batches its output)
 * @param watchPercent percentage of jobs with an attached watcher following their output
 * @param users distinct job users; job i runs as uid {@code firstUid + i % users}
 * @param firstUid the first job user's uid
 * @param stepTimeoutSeconds how long any one step of a job may take
 */
public record JobSpec(int outputLines, int outputBatch, int watchPercent, int users,
    int firstUid, long stepTimeoutSeconds) {

  public JobSpec {
    if (outputLines < 0 || outputBatch < 1 || watchPercent < 0 || watchPercent > 100
        || users < 1 || firstUid < 0 || stepTimeoutSeconds < 1) {
      throw new IllegalArgumentException("kvs-load: --output-lines must be >= 0,"
          + " --output-batch >= 1, --watchers 0-100, --users >= 1");
    }
  }

  /** The uid job number {@code index} runs as. */
  public int uid(long index) {
    return firstUid + (int) (index % users);
  }

  /** Whether job number {@code index} has an attached watcher (spread evenly over jobs). */
  public boolean watched(long index) {
    return watchPercent > 0 && (index * watchPercent) / 100 != ((index + 1) * watchPercent) / 100;
  }
}
