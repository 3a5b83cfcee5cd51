package io.kvs.watch;

import static io.kvs.lookup.LookupFlags.WAITCREATE;
import static io.kvs.lookup.LookupFlags.WATCH;
import static io.kvs.lookup.LookupFlags.WATCH_UNIQ;
import static org.assertj.core.api.Assertions.assertThat;

import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.content.BlobSource;
import io.kvs.content.MemoryContentStore;
import io.kvs.events.KvsEvent;
import io.kvs.namespace.RootSnapshot;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.HashAlgorithm;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import io.kvs.watch.WatchProtocol.Response;
import io.kvs.watch.WatchProtocol.Response.End;
import io.kvs.watch.WatchProtocol.Response.Value;
import io.kvs.watch.Watcher.Mode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WatcherTest {
  private static final String NS = "watched";
  private static final long ID = 7;
  private static final long OWNER = 42;
  private static final Caller CALLER = Caller.user(OWNER);

  /** What a fake Io was asked, in order, besides the responses it sent. */
  private record ReadRoot(boolean resync) {}

  private record LookupAt(BlobRef rootref, Mode mode) {}

  private record CheckLater(KvsEvent.RootChanged target) {}

  private enum Ended { ENDED }

  /** Records every call; answers nothing by itself. */
  private static final class RecordingIo implements Watcher.Io {
    final BlobSource blobs;
    final List<Object> log = new ArrayList<>();

    RecordingIo(BlobSource blobs) {
      this.blobs = blobs;
    }

    @Override
    public BlobSource blobs() {
      return blobs;
    }

    @Override
    public void readRoot(Watcher w, boolean resync) {
      log.add(new ReadRoot(resync));
    }

    @Override
    public void lookup(Watcher w, BlobRef rootref, int lookupFlags, Mode mode) {
      log.add(new LookupAt(rootref, mode));
    }

    @Override
    public boolean fetch(Watcher w, Set<BlobRef> missing, List<BlobRef> refs, Mode mode) {
      throw new AssertionError("no fetch expected: " + missing);
    }

    @Override
    public void checkLater(Watcher w, KvsEvent.RootChanged target) {
      log.add(new CheckLater(target));
    }

    @Override
    public void send(Watcher w, Response r) {
      log.add(r);
    }

    @Override
    public void ended(Watcher w) {
      log.add(Ended.ENDED);
    }

    List<Response> responses() {
      return log.stream().filter(Response.class::isInstance).map(Response.class::cast).toList();
    }

    <T> List<T> calls(Class<T> type) {
      return log.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  /** The blobs the roots are built in: local to the watcher, or only at the rank. */
  private final MemoryContentStore store = new MemoryContentStore(HashAlgorithm.SHA256, 1 << 20);
  private final RecordingIo io = new RecordingIo(store);
  private final RecordingIo remoteIo =
      new RecordingIo(new MemoryContentStore(HashAlgorithm.SHA256, 1 << 20));

  private BlobRef root(String... namesAndValues) {
    Map<String, TreeObj> entries = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      entries.put(namesAndValues[i], TreeObj.Val.utf8(namesAndValues[i + 1]));
    }
    return store.store(Bytes.wrap(TreeObjCodec.encode(new TreeObj.Dir(entries))));
  }

  private static Watcher watcher(int flags, Caller caller, RecordingIo io) {
    return new Watcher(new WatchProtocol.Watch(NS, "k", flags, caller, null, ID), "k", io);
  }

  /** A started watcher whose initial root is {@code rootref} at seq 1. */
  private static Watcher started(int flags, RecordingIo io, BlobRef rootref) {
    Watcher w = watcher(flags, CALLER, io);
    w.start();
    w.onRoot(snapshot(1, rootref), null, false);
    return w;
  }

  private static RootSnapshot snapshot(long seq, BlobRef rootref) {
    return new RootSnapshot(NS, OWNER, 0, rootref, seq, 1);
  }

  private static KvsEvent.RootChanged changed(long seq, BlobRef rootref) {
    return changed(1, seq, rootref, OWNER);
  }

  private static KvsEvent.RootChanged changed(long epoch, long seq, BlobRef rootref, long owner) {
    return new KvsEvent.RootChanged(NS, epoch, seq, rootref, List.of(), List.of("k"), owner);
  }

  private static Value value(String s) {
    return new Value(ID, TreeObj.Val.utf8(s));
  }

  private static End end(KvsError error) {
    return new End(ID, error, null);
  }

  /** The responses, with End messages blanked so that they compare by error only. */
  private static List<Response> withoutMessages(List<Response> responses) {
    return responses.stream()
        .map(r -> r instanceof End e ? end(e.error()) : r)
        .toList();
  }

  @Test
  void sendsTheInitialValueThenOneValuePerNewRoot() {
    Watcher w = watcher(WATCH, CALLER, io);
    w.start();
    assertThat(io.log).containsExactly(new ReadRoot(false));
    w.onRoot(snapshot(1, root("k", "a")), null, false);
    w.onChanged(changed(2, root("k", "b")), false);
    w.onChanged(changed(3, root("k", "b", "other", "x")), false);
    assertThat(io.responses()).containsExactly(value("a"), value("b"), value("b"));
    assertThat(io.calls(LookupAt.class)).isEmpty();
  }

  @Test
  void watchUniqSuppressesUnchangedValues() {
    Watcher w = started(WATCH | WATCH_UNIQ, io, root("k", "a"));
    w.onChanged(changed(2, root("k", "a", "other", "x")), false);
    w.onChanged(changed(3, root("k", "b")), false);
    w.onChanged(changed(4, root("k", "b", "other", "y")), false);
    assertThat(io.responses()).containsExactly(value("a"), value("b"));
  }

  @Test
  void aGapReportsOnlyAChangedValue() {
    Watcher w = started(WATCH, io, root("k", "a"));
    w.onChanged(changed(5, root("k", "a", "other", "x")), true);
    assertThat(io.responses()).containsExactly(value("a"));
    w.onChanged(changed(9, root("k", "b")), true);
    assertThat(io.responses()).containsExactly(value("a"), value("b"));
  }

  @Test
  void aLookupTheLocalBlobsCannotAnswerGoesThroughIoAndIsAnsweredByOnLooked() {
    BlobRef first = root("k", "a");
    Watcher w = started(WATCH, remoteIo, first);
    assertThat(remoteIo.calls(LookupAt.class)).containsExactly(new LookupAt(first, Mode.INITIAL));
    assertThat(remoteIo.responses()).isEmpty();
    w.onLooked(TreeObj.Val.utf8("a"), null, Mode.INITIAL);
    assertThat(remoteIo.responses()).containsExactly(value("a"));
  }

  @Test
  void setrootsArrivingDuringALookupAreQueuedAndTakenInOrderAfterIt() {
    BlobRef r1 = root("k", "a");
    BlobRef r2 = root("k", "b");
    BlobRef r3 = root("k", "c");
    Watcher w = started(WATCH, remoteIo, r1);
    w.onChanged(changed(2, r2), false);
    w.onChanged(changed(2, r2), false);
    w.onChanged(changed(3, r3), true);
    assertThat(remoteIo.calls(LookupAt.class)).hasSize(1);

    w.onLooked(TreeObj.Val.utf8("a"), null, Mode.INITIAL);
    w.onLooked(TreeObj.Val.utf8("b"), null, Mode.EVENT);
    w.onLooked(TreeObj.Val.utf8("c"), null, Mode.GAP);
    assertThat(remoteIo.calls(LookupAt.class)).containsExactly(new LookupAt(r1, Mode.INITIAL),
        new LookupAt(r2, Mode.EVENT), new LookupAt(r3, Mode.GAP));
    assertThat(remoteIo.responses()).containsExactly(value("a"), value("b"), value("c"));
  }

  @Test
  void staleAndDuplicateSeqsAreIgnored() {
    Watcher w = started(WATCH, remoteIo, root("k", "a"));
    w.onLooked(TreeObj.Val.utf8("a"), null, Mode.INITIAL);
    w.onChanged(changed(1, root("k", "b")), false);
    w.onChanged(changed(0, root("k", "c")), false);
    assertThat(remoteIo.calls(LookupAt.class)).hasSize(1);
    assertThat(remoteIo.responses()).containsExactly(value("a"));
  }

  @Test
  void aLateSetrootOfAnEarlierRootRankEpochIsIgnored() {
    Watcher w = started(WATCH, remoteIo, root("k", "a"));
    w.onLooked(TreeObj.Val.utf8("a"), null, Mode.INITIAL);
    w.onChanged(changed(0, 7, root("k", "old"), OWNER), false);
    assertThat(remoteIo.calls(LookupAt.class)).hasSize(1);
    assertThat(remoteIo.responses()).containsExactly(value("a"));
  }

  @Test
  void aSetrootThatArrivesBeforeTheFirstRootIsAnsweredCountsIfItIsNewer() {
    Watcher w = watcher(WATCH, CALLER, io);
    w.start();
    BlobRef r1 = root("k", "a");
    BlobRef r2 = root("k", "b");
    w.onChanged(changed(1, r1), false); // as old as the root about to be answered: skipped
    w.onChanged(changed(2, r2), false); // newer: looked up after the initial value
    w.onRoot(snapshot(1, r1), null, false);
    assertThat(io.responses()).containsExactly(value("a"), value("b"));
  }

  @Test
  void withoutWatchItSendsOneValueThenEndsWithNoData() {
    Watcher w = started(0, io, root("k", "a"));
    w.onChanged(changed(2, root("k", "b")), false);
    assertThat(withoutMessages(io.responses())).containsExactly(value("a"), end(KvsError.NO_DATA));
    assertThat(io.log).endsWith(Ended.ENDED).containsOnlyOnce(Ended.ENDED);
    assertThat(w.isEnded()).isTrue();
  }

  @Test
  void cancelEndsWithNoDataThenTellsIoItEnded() {
    Watcher w = started(WATCH, io, root("k", "a"));
    w.cancel();
    w.cancel();
    assertThat(io.log).hasSize(4);
    assertThat(io.log.get(2)).isEqualTo(new End(ID, KvsError.NO_DATA, "kvs: watch cancelled"));
    assertThat(io.log.get(3)).isEqualTo(Ended.ENDED);
  }

  @Test
  void dropEndsWithoutAnyResponse() {
    Watcher w = started(WATCH, remoteIo, root("k", "a"));
    w.drop();
    w.onLooked(TreeObj.Val.utf8("a"), null, Mode.INITIAL);
    assertThat(remoteIo.responses()).isEmpty();
    assertThat(remoteIo.log).endsWith(Ended.ENDED).containsOnlyOnce(Ended.ENDED);
  }

  @Test
  void aRemovedNamespaceEndsTheWatchWithNotSupported() {
    Watcher w = started(WATCH, io, root("k", "a"));
    w.onRemoved();
    assertThat(withoutMessages(io.responses()))
        .containsExactly(value("a"), end(KvsError.NOT_SUPPORTED));
    assertThat(io.log).endsWith(Ended.ENDED);
  }

  @Test
  void aKeyThatDisappearsEndsTheWatchWithNotFound() {
    Watcher w = started(WATCH, io, root("k", "a"));
    w.onChanged(changed(2, root("other", "x")), false);
    assertThat(io.responses()).containsExactly(value("a"),
        new End(ID, KvsError.NOT_FOUND, "kvs: key not found: k"));
  }

  @Test
  void aMissingNamespaceEndsTheWatchUnlessItWaitsForItsCreation() {
    Watcher w = watcher(WATCH, CALLER, io);
    w.start();
    w.onRoot(null, KvsError.NOT_SUPPORTED.failure("kvs: namespace not found: watched"), false);
    assertThat(io.responses()).containsExactly(
        new End(ID, KvsError.NOT_SUPPORTED, "kvs: namespace not found: watched"));
  }

  @Test
  void waitCreateOnAMissingNamespaceWaitsThenReadsTheRootWhenItIsCreated() {
    Watcher w = watcher(WATCH | WAITCREATE, CALLER, io);
    w.start();
    w.onRoot(null, new KvsException(KvsError.NOT_SUPPORTED, "kvs: no namespace"), false);
    w.onChanged(changed(1, root("k", "early")), false);
    assertThat(io.responses()).isEmpty();
    assertThat(w.isEnded()).isFalse();

    w.onCreated();
    assertThat(io.calls(ReadRoot.class)).containsExactly(new ReadRoot(false), new ReadRoot(false));
    w.onRoot(snapshot(1, root("k", "a")), null, false);
    w.onChanged(changed(2, root("k", "b")), false);
    assertThat(io.responses()).containsExactly(value("a"), value("b"));
  }

  @Test
  void aSetrootWhoseOwnerTheCallerMayNotAccessEndsWithPermission() {
    Watcher w = started(WATCH, io, root("k", "a"));
    w.onChanged(changed(1, 2, root("k", "b"), OWNER + 1), false);
    assertThat(withoutMessages(io.responses()))
        .containsExactly(value("a"), end(KvsError.PERMISSION));

    RecordingIo ownerIo = new RecordingIo(store);
    Watcher asOwner = watcher(WATCH, Caller.owner(0), ownerIo);
    asOwner.start();
    asOwner.onRoot(snapshot(1, root("k", "a")), null, false);
    asOwner.onChanged(changed(1, 2, root("k", "b"), OWNER + 1), false);
    assertThat(ownerIo.responses()).containsExactly(value("a"), value("b"));
  }

  @Test
  void aResyncThatSeesANewerRootLooksItUpAsAGapIfEventsHaveNotCaughtUp() {
    Watcher w = started(WATCH, io, root("k", "a"));
    w.resync();
    assertThat(io.calls(ReadRoot.class)).containsExactly(new ReadRoot(false), new ReadRoot(true));
    BlobRef newer = root("k", "b");
    w.onRoot(snapshot(3, newer), null, true);
    List<CheckLater> checks = io.calls(CheckLater.class);
    assertThat(checks).hasSize(1);
    assertThat(checks.get(0).target().rootseq()).isEqualTo(3);
    assertThat(checks.get(0).target().rootref()).isEqualTo(newer);
    assertThat(io.responses()).containsExactly(value("a"));

    w.onCatchUpCheck(checks.get(0).target());
    assertThat(io.responses()).containsExactly(value("a"), value("b"));
  }

  @Test
  void aResyncThatSeesNoNewerRootOrIsCaughtUpWithLooksNothingUp() {
    BlobRef first = root("k", "a");
    Watcher w = started(WATCH, remoteIo, first);
    w.onLooked(TreeObj.Val.utf8("a"), null, Mode.INITIAL);
    w.resync();
    w.onRoot(snapshot(1, first), null, true);
    assertThat(remoteIo.calls(CheckLater.class)).isEmpty();

    BlobRef newer = root("k", "b");
    w.resync();
    w.onRoot(snapshot(2, newer), null, true);
    w.onChanged(changed(2, newer), false);
    w.onLooked(TreeObj.Val.utf8("b"), null, Mode.EVENT);
    w.onCatchUpCheck(remoteIo.calls(CheckLater.class).get(0).target());
    assertThat(remoteIo.calls(LookupAt.class)).hasSize(2);
    assertThat(remoteIo.responses()).containsExactly(value("a"), value("b"));
  }

  @Test
  void afterTheEndNothingMoreIsSentOrAsked() {
    Watcher w = started(WATCH, io, root("k", "a"));
    w.cancel();
    int logged = io.log.size();
    w.onChanged(changed(2, root("k", "b")), false);
    w.onChanged(changed(3, root("k", "c")), true);
    w.onLooked(TreeObj.Val.utf8("x"), null, Mode.EVENT);
    w.onRoot(snapshot(5, root("k", "d")), null, true);
    w.onCatchUpCheck(changed(6, root("k", "e")));
    w.resync();
    w.onCreated();
    w.onRemoved();
    w.fail(KvsError.TIMED_OUT, "kvs: too late");
    w.drop();
    w.start();
    assertThat(io.log).hasSize(logged);
  }
}
