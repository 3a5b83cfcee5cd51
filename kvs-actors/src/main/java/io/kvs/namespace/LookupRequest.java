package io.kvs.namespace;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.pattern.StatusReply;
import io.kvs.Asks;
import io.kvs.Caller;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.content.BlobFetcher;
import io.kvs.lookup.Lookup;
import io.kvs.lookup.LookupStep;
import io.kvs.lookup.NamespaceRoots;
import io.kvs.lookup.RootResolution;
import io.kvs.treeobj.BlobRef;
import java.util.HashMap;
import java.util.Map;

/**
 * One lookup that could not be answered at once: blobs are missing from a follower's cache,
 * or a symlink leads into namespaces whose roots are needed. A per-request child of the actor
 * that started the lookup: it fetches the blobs, asks for each root it needs (access checked
 * with the caller's identity), runs the lookup again with what it learned, answers {@code
 * replyTo} once and stops. If it is stopped before answering
 * (its namespace was removed) it answers ENOTSUP; if an answer takes longer than the ask
 * timeout, ETIMEDOUT.
 */
public final class LookupRequest extends AbstractBehavior<LookupRequest.Command> {

  /** Internal protocol: answers to its own root queries. */
  public interface Command {}

  private record RootAnswered(String namespace, RootResolution resolution) implements Command {}

  private record BlobsFetched(BlobFetcher.Fetched fetched) implements Command {}

  /** What to look up, where, for whom. {@code namespace} is null for a rootdir lookup. */
  public record Spec(BlobRef rootref, String namespace, String key, int flags, Caller caller,
      ActorRef<StatusReply<LookupResult>> replyTo) {}

  private record FreshRoot(RootResolution resolution) implements Command {}

  private final Spec spec;
  private final LookupServices services;
  private final Map<String, RootResolution> roots = new HashMap<>();
  private BlobRef rootref;
  private BlobRef lastMissing;
  private boolean answered;
  private boolean refreshed;

  public static Behavior<Command> create(Spec spec, LookupServices services) {
    return Behaviors.setup(ctx -> new LookupRequest(ctx, spec, services).run());
  }

  private LookupRequest(ActorContext<Command> ctx, Spec spec, LookupServices services) {
    super(ctx);
    this.spec = spec;
    this.services = services;
    this.rootref = spec.rootref();
  }

  /**
   * Answers {@code replyTo} from a finished lookup step and returns true, or returns false when
   * the step needs more (a root or blobs): then a LookupRequest takes over.
   */
  public static boolean answer(LookupStep step, ActorRef<StatusReply<LookupResult>> replyTo) {
    if (step instanceof LookupStep.Found f) {
      replyTo.tell(StatusReply.success(new LookupResult(f.value())));
    } else if (step instanceof LookupStep.NotFound n) {
      replyTo.tell(StatusReply.error(KvsError.NOT_FOUND.failure("kvs: key not found: " + n.key())));
    } else if (step instanceof LookupStep.Failed f) {
      replyTo.tell(StatusReply.error(f.error().failure(f.message())));
    } else {
      return false;
    }
    return true;
  }

  private Behavior<Command> run() {
    LookupStep step = Lookup.run(rootref, spec.namespace(), spec.key(), spec.flags(),
        services.blobs(), resolver());
    if (step instanceof LookupStep.NeedRoot need) {
      askRoot(need.namespace());
      return this;
    }
    if (step instanceof LookupStep.Stalled stalled) {
      if (services.fetcher() != null) {
        services.fetcher().tell(new BlobFetcher.Fetch(stalled.missing(),
            getContext().messageAdapter(BlobFetcher.Fetched.class, BlobsFetched::new)));
        return this;
      }
      // The root rank's store holds every blob: a missing one is a dangling reference.
      step = missingBlob(stalled.missing().iterator().next());
    }
    return finish(step);
  }

  private static LookupStep missingBlob(BlobRef ref) {
    return new LookupStep.Failed(KvsError.NOT_FOUND,
        "kvs: blob not found in the content store: " + ref);
  }

  private Behavior<Command> onBlobsFetched(BlobsFetched f) {
    if (f.fetched().failure() != null) {
      return finish(new LookupStep.Failed(f.fetched().failure().error(),
          f.fetched().failure().getMessage()));
    }
    if (!f.fetched().missing().isEmpty()) {
      if (spec.namespace() != null && !refreshed) {
        // the root rank no longer holds them: this rank's root may have been replaced since
        // (and collected) without its events arriving; read the namespace's root anew, once
        refreshed = true;
        lastMissing = f.fetched().missing().iterator().next();
        Asks.ask(getContext(), StatusReply.class, services.roots(), services.timeout(),
            (ActorRef<StatusReply> ref) -> new RootQuery(spec.namespace(), spec.caller(),
                castRef(ref), true),
            (reply, failure) -> new FreshRoot(resolution(reply, failure)));
        return this;
      }
      return finish(missingBlob(f.fetched().missing().iterator().next()));
    }
    return run();
  }

  private Behavior<Command> onFreshRoot(FreshRoot f) {
    if (f.resolution() instanceof RootResolution.Resolved r && !r.rootref().equals(rootref)) {
      rootref = r.rootref();
      return run();
    }
    if (f.resolution() instanceof RootResolution.Denied d) {
      return finish(new LookupStep.Failed(d.error(), d.message()));
    }
    return finish(missingBlob(lastMissing));
  }

  private Behavior<Command> finish(LookupStep step) {
    answer(step, spec.replyTo());
    answered = true;
    return Behaviors.stopped();
  }

  private NamespaceRoots resolver() {
    return ns -> roots.getOrDefault(ns, new RootResolution.Unresolved());
  }

  private void askRoot(String namespace) {
    Asks.ask(getContext(),
        StatusReply.class,
        services.roots(),
        services.timeout(),
        (ActorRef<StatusReply> ref) -> new RootQuery(namespace, spec.caller(), castRef(ref)),
        (reply, failure) -> new RootAnswered(namespace, resolution(reply, failure)));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ActorRef<StatusReply<RootSnapshot>> castRef(ActorRef<StatusReply> ref) {
    return (ActorRef) ref;
  }

  private static RootResolution resolution(StatusReply<?> reply, Throwable failure) {
    if (reply != null && reply.isSuccess()) {
      return new RootResolution.Resolved(((RootSnapshot) reply.getValue()).rootref());
    }
    Throwable t = reply != null ? reply.getError() : failure;
    if (t instanceof KvsException k) {
      return new RootResolution.Denied(k.error(), k.getMessage());
    }
    return new RootResolution.Denied(KvsError.TIMED_OUT,
        "kvs: timed out resolving a symlink's namespace: " + t.getMessage());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RootAnswered.class, this::onRootAnswered)
        .onMessage(BlobsFetched.class, this::onBlobsFetched)
        .onMessage(FreshRoot.class, this::onFreshRoot)
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  private Behavior<Command> onRootAnswered(RootAnswered a) {
    roots.put(a.namespace(), a.resolution());
    return run();
  }

  private Behavior<Command> onPostStop() {
    if (!answered) {
      spec.replyTo().tell(StatusReply.error(KvsError.NOT_SUPPORTED.failure(
          "kvs: namespace removed during lookup: " + spec.namespace())));
    }
    return this;
  }
}
