package io.kvs.connector;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.kvs.rank.KvsRank;
import io.kvs.rank.KvsSettings;
import io.kvs.watch.WatchProtocol;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A rank's client connector (DESIGN §6): owns the rank's Unix domain socket (and the optional
 * TCP socket), their accept threads, and one {@link ClientSession} child per connection.
 *
 * <p>Spawned once per rank by the rank's guardian, it lives as long as the rank; stopping it
 * closes the listeners, deletes the socket file and, through its children, every connection.
 * Accept threads send it {@code Accepted}; anyone may send {@link GetStatus} and gets a {@link
 * Status}. The watch topics go to the rank's watch service, when it has one. If a socket cannot be bound the connector logs why and stops; the rank runs on.
 */
public final class Connector extends AbstractBehavior<Connector.Command> {

  /** Messages to the connector. */
  public interface Command {}

  /** Ask for the connector's addresses and counters. */
  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /**
   * Where the connector listens and what it holds now.
   *
   * @param tcpPort the bound TCP port, -1 when TCP is off
   * @param inFlight requests read from all connections and not yet answered
   * @param peakInFlight the highest {@code inFlight} seen
   */
  public record Status(Path socketPath, int tcpPort, int connections, long rejectedConnections,
      long inFlight, long peakInFlight, long framesRead, long responsesWritten) {}

  private record Accepted(Acceptor.Accepted connection) implements Command {}

  private final ActorRef<KvsRank.Command> rank;
  private final ActorRef<WatchProtocol.Command> watch;
  private final KvsSettings kvs;
  private final ConnectorSettings settings;
  private final ConnectorMetrics metrics = new ConnectorMetrics();
  private final List<Acceptor> acceptors = new ArrayList<>();
  private int tcpPort = -1;
  private long sessions;

  /** The connector of {@code rank} without a watch service: watch topics answer ENOSYS. */
  public static Behavior<Command> create(ActorRef<KvsRank.Command> rank, KvsSettings kvs,
      ConnectorSettings settings) {
    return create(rank, null, kvs, settings);
  }

  /**
   * The connector of {@code rank} and of its watch service {@code watch} (null: the watch topics
   * answer ENOSYS), listening as {@code settings} say.
   */
  public static Behavior<Command> create(ActorRef<KvsRank.Command> rank,
      ActorRef<WatchProtocol.Command> watch, KvsSettings kvs, ConnectorSettings settings) {
    return Behaviors.setup(ctx -> {
      Connector c = new Connector(ctx, rank, watch, kvs, settings);
      try {
        c.listen();
      } catch (IOException | RuntimeException e) {
        ctx.getLog().error("kvs: connector of rank {} cannot listen: {}", kvs.rank(),
            e.toString());
        c.closeAcceptors();
        return Behaviors.stopped();
      }
      return c;
    });
  }

  private Connector(ActorContext<Command> ctx, ActorRef<KvsRank.Command> rank,
      ActorRef<WatchProtocol.Command> watch, KvsSettings kvs, ConnectorSettings settings) {
    super(ctx);
    this.rank = rank;
    this.watch = watch;
    this.kvs = kvs;
    this.settings = settings;
  }

  private void listen() throws IOException {
    ActorRef<Command> self = getContext().getSelf();
    acceptors.add(Acceptor.unix(settings, metrics, kvs.instanceOwner(),
        a -> self.tell(new Accepted(a))));
    if (settings.tcpEnabled()) {
      Acceptor tcp = Acceptor.tcp(settings, metrics, kvs.instanceOwner(),
          a -> self.tell(new Accepted(a)));
      acceptors.add(tcp);
      tcpPort = tcp.port();
    }
    getContext().getLog().info("kvs: connector of rank {} listening on {}{}", kvs.rank(),
        settings.socketPath(), tcpPort < 0 ? "" : " and tcp " + settings.tcpHost() + ":" + tcpPort);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Accepted.class, this::onAccepted)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  private Behavior<Command> onAccepted(Accepted a) {
    String name = (a.connection().tcp() ? "tcp-" : "unix-") + (++sessions);
    Connection conn = new Connection(a.connection().channel(), kvs.rank() + "-" + name, settings,
        metrics, a.connection().tcp());
    getContext().spawn(ClientSession.create(rank, watch, kvs.askTimeout(),
        a.connection().caller(), conn, settings), name);
    getContext().getLog().debug("kvs: connection {} from uid={} role={}", name,
        a.connection().caller().userid(), a.connection().caller().role());
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus g) {
    g.replyTo().tell(new Status(settings.socketPath(), tcpPort, metrics.connections.get(),
        metrics.rejectedConnections.get(), metrics.inFlight.get(), metrics.peakInFlight.get(),
        metrics.framesRead.get(), metrics.responsesWritten.get()));
    return this;
  }

  private Behavior<Command> onStop() {
    closeAcceptors();
    getContext().getLog().info("kvs: connector of rank {} stopped", kvs.rank());
    return this;
  }

  private void closeAcceptors() {
    for (Acceptor a : acceptors) {
      a.close();
    }
    acceptors.clear();
  }
}
