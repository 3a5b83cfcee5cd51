package io.kvs.load.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.client.Eventlog;
import io.kvs.client.KvsClient;
import io.kvs.load.drive.Pipeline;
import io.kvs.load.drive.Target;
import io.kvs.load.report.Progress;
import io.kvs.load.report.Recorder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Simulated jobs on a two-rank embedded cluster, then the check of their copies in primary,
 * before and after a copy is damaged. Each test runs its own jobs (ids are unique per class).
 */
class JobVerifierClusterTest {
  private static final JobSpec SPEC = new JobSpec(6, 4, 50, 2, 5000, 30);
  private static final JobIds IDS = new JobIds(4321);

  private static Target target;
  private static final List<KvsClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    target = Target.embedded(2, "wildcard");
    for (int r = 0; r < target.ranks(); r++) {
      clients.add(target.connect(r));
    }
  }

  @AfterAll
  static void stop() {
    clients.forEach(KvsClient::close);
    if (target != null) {
      target.close();
    }
  }

  private static Pipeline pipeline(Recorder recorder) {
    return new Pipeline(8, 60, recorder, Progress.start("test", 0, false));
  }

  private static List<Long> runJobs(int jobs) throws Exception {
    Recorder recorder = new Recorder();
    JobSim.Outcome outcome = new JobSim(clients, SPEC, pipeline(recorder), IDS)
        .run(jobs, 3, 0, 60);
    assertThat(outcome.failed()).as("failed jobs, errors %s", recorder.errors()).isZero();
    assertThat(outcome.ok()).isEqualTo(jobs);
    assertThat(outcome.ids()).hasSize(jobs).doesNotHaveDuplicates();
    assertThat(outcome.endNanos()).hasSize(jobs).isSorted();
    return outcome.ids();
  }

  private static JobVerifier.Verdict verify(List<Long> ids) throws Exception {
    return JobVerifier.verify(clients.get(0), ids, SPEC, pipeline(new Recorder()));
  }

  private static KvsClient exec() {
    return clients.get(0);
  }

  @Test
  void completedJobsAreAllVerifiedAndLeaveNoNamespace() throws Exception {
    List<Long> ids = runJobs(6);

    JobVerifier.Verdict verdict = verify(ids);

    assertThat(verdict.verified()).isEqualTo(6);
    assertThat(verdict.lost()).isZero();
    assertThat(verdict.namespacesLeft()).isZero();
    assertThat(verdict.problems()).isEmpty();
  }

  @Test
  void aJobWhoseOutputWasUnlinkedIsLost() throws Exception {
    List<Long> ids = runJobs(4);
    long damaged = ids.get(2);
    exec().unlink(KvsClient.PRIMARY, JobIds.key(damaged) + ".guest.output")
        .get(30, TimeUnit.SECONDS);

    JobVerifier.Verdict verdict = verify(ids);

    assertThat(verdict.lost()).isEqualTo(1);
    assertThat(verdict.verified()).isEqualTo(3);
    assertThat(verdict.namespacesLeft()).isZero();
    assertThat(verdict.problems()).singleElement().asString()
        .startsWith(JobIds.key(damaged) + ": not readable: ");
  }

  @Test
  void aJobWhoseExecEventlogWasTruncatedIsLostNamingTheEventsFound() throws Exception {
    List<Long> ids = runJobs(3);
    long damaged = ids.get(0);
    String key = JobIds.key(damaged) + ".guest." + JobEvents.EXEC_LOG;
    List<Eventlog.Event> events = exec().lookupValue(KvsClient.PRIMARY, key)
        .thenApply(Eventlog::parse).get(30, TimeUnit.SECONDS);
    assertThat(events).extracting(Eventlog.Event::name).isEqualTo(JobEvents.EXEC_EVENTS);
    exec().put(KvsClient.PRIMARY, key, events.get(0).encode() + events.get(1).encode())
        .get(30, TimeUnit.SECONDS);

    JobVerifier.Verdict verdict = verify(ids);

    assertThat(verdict.lost()).isEqualTo(1);
    assertThat(verdict.verified()).isEqualTo(2);
    assertThat(verdict.problems()).singleElement().asString()
        .startsWith(JobIds.key(damaged) + ": exec.eventlog has [init, shell.init]");
  }

  @Test
  void aJobWhoseOutputLostALineIsLost() throws Exception {
    List<Long> ids = runJobs(2);
    long damaged = ids.get(1);
    String key = JobIds.key(damaged) + ".guest." + JobEvents.OUTPUT;
    List<Eventlog.Event> events = exec().lookupValue(KvsClient.PRIMARY, key)
        .thenApply(Eventlog::parse).get(30, TimeUnit.SECONDS);
    assertThat(events).hasSize(SPEC.outputLines() + 2);
    StringBuilder without = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      if (i != 3) {
        without.append(events.get(i).encode());
      }
    }
    exec().put(KvsClient.PRIMARY, key, without.toString()).get(30, TimeUnit.SECONDS);

    JobVerifier.Verdict verdict = verify(ids);

    assertThat(verdict.lost()).isEqualTo(1);
    assertThat(verdict.problems()).singleElement().asString()
        .isEqualTo(JobIds.key(damaged) + ": output entry 3 is not line 2");
  }

  @Test
  void aGuestNamespaceLeftBehindIsCounted() throws Exception {
    List<Long> ids = runJobs(2);
    String left = JobIds.namespace(ids.get(1));
    exec().namespaceCreate(left).get(30, TimeUnit.SECONDS);
    try {
      JobVerifier.Verdict verdict = verify(ids);

      assertThat(verdict.namespacesLeft()).isEqualTo(1);
      assertThat(verdict.lost()).isZero();
      assertThat(verdict.verified()).isEqualTo(2);
    } finally {
      exec().namespaceRemove(left).get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aJobNeverRunIsLostAsNotReadable() throws Exception {
    long never = IDS.next();

    JobVerifier.Verdict verdict = verify(List.of(never));

    assertThat(verdict.lost()).isEqualTo(1);
    assertThat(verdict.verified()).isZero();
    assertThat(verdict.problems()).singleElement().asString()
        .isEqualTo(JobIds.key(never) + ": not readable: ENOENT");
  }

  @Test
  void aJobWhoseNamespaceExistsFailsAndLeavesThatNamespaceAlone() throws Exception {
    long id = IDS.next();
    String ns = JobIds.namespace(id);
    exec().namespaceCreate(ns).get(10, TimeUnit.SECONDS);
    Recorder recorder = new Recorder();
    Job.Clients jobClients = new Job.Clients(exec(), clients.get(1), clients.get(1));

    boolean ok = new Job(id, 0, SPEC, jobClients, pipeline(recorder)).run()
        .get(60, TimeUnit.SECONDS);

    assertThat(ok).isFalse();
    assertThat(recorder.errors()).containsEntry("EEXIST", 1L);
    assertThat(exec().namespaceList().get(10, TimeUnit.SECONDS))
        .anySatisfy(n -> assertThat(n.namespace()).isEqualTo(ns));
    exec().namespaceRemove(ns).get(10, TimeUnit.SECONDS);
  }
}
