package io.kvs.rank;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.kvs.KvsError;
import io.kvs.KvsException;
import io.kvs.Tunables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What {@code kvs.config-reload} does on a rank: read the configuration again from where the
 * rank got it, refuse it whole if a setting that is fixed while the rank runs has changed (or
 * it does not parse or validate), and otherwise apply the {@link Tunables}. Called from the
 * rank's actor, one reload at a time; the tunables it sets are read by the rank's other actors.
 */
public final class ConfigReloader {

  /** The {@code kvs.*} paths a running rank can change; every other path is fixed. */
  public static final Set<String> RELOADABLE = Set.of("kvs.transaction-merge",
      "kvs.max-txn-ops", "kvs.follower.namespace-idle-expiry", "kvs.follower.resync-after",
      "kvs.events.inline-blob-bytes");

  private final Supplier<Config> source;
  private final Tunables tunables;
  private Config running;

  /**
   * @param source reads the rank's full configuration again (may throw ConfigException)
   * @param running the full configuration the rank runs with now
   * @param tunables where the reloadable values go
   */
  public ConfigReloader(Supplier<Config> source, Config running, Tunables tunables) {
    this.source = Objects.requireNonNull(source);
    this.running = Objects.requireNonNull(running);
    this.tunables = Objects.requireNonNull(tunables);
  }

  /** A reloader whose source is the configuration it runs with: a reload changes nothing. */
  public static ConfigReloader fixed(Config running, Tunables tunables) {
    return new ConfigReloader(() -> running, running, tunables);
  }

  public Tunables tunables() {
    return tunables;
  }

  /** Answers a {@code kvs.config-reload} request of {@code caller} (the instance owner only). */
  public akka.pattern.StatusReply<KvsRank.ConfigReloaded> request(io.kvs.Caller caller,
      org.slf4j.Logger log) {
    if (!caller.isOwner()) {
      return akka.pattern.StatusReply.error(KvsError.PERMISSION.failure(
          "kvs: permission denied: only the instance owner may reload the configuration"));
    }
    try {
      List<String> changed = reload();
      log.info("kvs: configuration reloaded; changed: {}", changed.isEmpty() ? "nothing" : changed);
      return akka.pattern.StatusReply.success(new KvsRank.ConfigReloaded(changed));
    } catch (KvsException e) {
      log.warn("{}", e.getMessage());
      return akka.pattern.StatusReply.error(e);
    }
  }

  /**
   * Reloads: the reloadable paths whose value changed (sorted; empty when nothing did).
   *
   * @throws KvsException EINVAL when nothing was applied, saying why
   */
  public List<String> reload() {
    Config loaded;
    Tunables.Values values;
    try {
      loaded = source.get();
      values = KvsSettings.fromConfig(loaded).tunables();
    } catch (ConfigException | IllegalArgumentException e) {
      String why = String.valueOf(e.getMessage());
      throw KvsError.INVALID.failure("kvs: configuration not reloaded: "
          + (why.startsWith("kvs: ") ? why.substring(5) : why));
    }
    List<String> fixed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (String path : changedPaths(running, loaded)) {
      (RELOADABLE.contains(path) ? changed : fixed).add(path);
    }
    if (!fixed.isEmpty()) {
      throw KvsError.INVALID.failure("kvs: configuration not reloaded: " + String.join(", ",
          fixed) + " cannot change while the rank runs "
          + "(restart the rank to change " + (fixed.size() == 1 ? "it" : "them") + "; reloadable: "
          + String.join(", ", new java.util.TreeSet<>(RELOADABLE)) + ")");
    }
    tunables.set(values);
    running = loaded;
    return changed;
  }

  /** The {@code kvs.*} leaf paths whose values differ between two configurations, sorted. */
  static List<String> changedPaths(Config before, Config after) {
    Map<String, Object> a = leaves(before);
    Map<String, Object> b = leaves(after);
    List<String> out = new ArrayList<>();
    for (String path : union(a.keySet(), b.keySet())) {
      if (!Objects.equals(a.get(path), b.get(path))) {
        out.add(path);
      }
    }
    return out;
  }

  private static Map<String, Object> leaves(Config full) {
    Map<String, Object> out = new TreeMap<>();
    if (!full.hasPath("kvs")) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> e : full.getConfig("kvs").entrySet()) {
      out.put("kvs." + e.getKey(), e.getValue().unwrapped());
    }
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}
