package io.kvs.load.drive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvs.client.Errno;
import io.kvs.client.KvsClientException;
import io.kvs.load.report.Progress;
import io.kvs.load.report.Recorder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PipelineTest {
  private static Pipeline pipeline(int window, long timeoutSeconds, Recorder recorder) {
    return new Pipeline(window, timeoutSeconds, recorder, Progress.start("test", 0, false));
  }

  @Test
  void errnoNamesAServerErrorEvenWhenWrapped() {
    KvsClientException exists = new KvsClientException(Errno.EEXIST, "kvs: namespace exists");

    assertThat(Pipeline.errno(exists)).isEqualTo("EEXIST");
    assertThat(Pipeline.errno(new CompletionException(exists))).isEqualTo("EEXIST");
    assertThat(Pipeline.errno(new ExecutionException(new CompletionException(exists))))
        .isEqualTo("EEXIST");
    assertThat(Pipeline.errno(new KvsClientException(999, null))).isEqualTo("E999");
  }

  @Test
  void errnoOfALocalTimeoutIsEtimedoutAndOfAnythingElseEio() {
    assertThat(Pipeline.errno(new TimeoutException())).isEqualTo("ETIMEDOUT");
    assertThat(Pipeline.errno(new CompletionException(new TimeoutException())))
        .isEqualTo("ETIMEDOUT");
    assertThat(Pipeline.errno(new IllegalStateException("boom"))).isEqualTo("EIO");
    assertThat(Pipeline.errno(new CompletionException((Throwable) null))).isEqualTo("EIO");
  }

  @Test
  void aWindowBelowOneIsRefused() {
    assertThatThrownBy(() -> pipeline(0, 1, new Recorder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kvs-load: --window must be >= 1");
  }

  @Test
  void runRecordsEachReplyAsALatencyOrAnErrnoAndNeverExceedsTheWindow() throws Exception {
    Recorder recorder = new Recorder();
    Pipeline p = pipeline(3, 30, recorder);
    List<CompletableFuture<Void>> open = new ArrayList<>();
    AtomicInteger maxOpen = new AtomicInteger();
    Thread replier = new Thread(() -> {
      try {
        for (int answered = 0; answered < 10; answered++) {
          CompletableFuture<Void> f;
          while (true) {
            synchronized (open) {
              if (!open.isEmpty()) {
                maxOpen.accumulateAndGet(open.size(), Math::max);
                f = open.remove(0);
                break;
              }
            }
            Thread.sleep(1);
          }
          if (answered % 5 == 4) {
            f.completeExceptionally(new KvsClientException(Errno.EEXIST, null));
          } else {
            f.complete(null);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    replier.setDaemon(true);
    replier.start();

    long nanos = p.run("create", 10, i -> {
      CompletableFuture<Void> f = new CompletableFuture<>();
      synchronized (open) {
        open.add(f);
      }
      return f;
    });
    replier.join(10_000);

    assertThat(nanos).isPositive();
    assertThat(maxOpen.get()).isBetween(1, 3);
    assertThat(recorder.histograms().get("create").getTotalCount()).isEqualTo(8);
    assertThat(recorder.errors()).containsEntry("EEXIST", 2L);
  }

  @Test
  void runFailsWithTheMissingRepliesWhenTheyNeverCome() {
    Pipeline p = pipeline(10, 1, new Recorder());

    assertThatThrownBy(() -> p.run("create", 2, i -> new CompletableFuture<Void>()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("kvs-load: 2 replies missing after 1 s");
  }
}
