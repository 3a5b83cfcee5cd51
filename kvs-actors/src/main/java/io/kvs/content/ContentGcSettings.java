package io.kvs.content;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * When the root rank's content collector runs ({@code kvs.content.gc}; reference.conf has
 * each key's unit and default).
 *
 * @param enabled whether blobs no longer reachable are collected at all
 * @param grace how long a root stays alive after it stops being current
 * @param growth collect once the store holds this many times the bytes the last collection
 *     kept
 * @param minBytes never collect a store smaller than this
 * @param checkInterval how often the store's size is compared with the threshold
 */
public record ContentGcSettings(boolean enabled, Duration grace, double growth, long minBytes,
    Duration checkInterval) {

  public ContentGcSettings {
    if (growth <= 1.0 || minBytes < 0 || grace.isNegative() || checkInterval.isNegative()
        || checkInterval.isZero()) {
      throw new IllegalArgumentException("kvs: content.gc.growth must be > 1, min-bytes >= 0, "
          + "grace >= 0 and check-interval > 0");
    }
  }

  /** Reads {@code kvs.content.gc} from a full configuration. */
  public static ContentGcSettings fromConfig(Config root) {
    Config c = root.getConfig("kvs.content.gc");
    return new ContentGcSettings(c.getBoolean("enabled"), c.getDuration("grace"),
        c.getDouble("growth"), c.getBytes("min-bytes"), c.getDuration("check-interval"));
  }
}
