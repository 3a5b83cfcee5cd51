package io.kvs.connector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The numeric uid of a Unix socket peer. The JDK reports {@code SO_PEERCRED} as a {@link
 * UserPrincipal} whose name is the user name from {@code getpwuid}, or the decimal uid when the
 * user has no name; we turn it back into a number: a decimal name is the uid itself, otherwise
 * {@code /etc/passwd}, otherwise {@code getent passwd} (NSS: LDAP, sssd...). Results are cached
 * for the life of the process; an unresolvable name is not cached.
 */
public final class PeerIdentity {
  private static final Map<String, Long> CACHE = new ConcurrentHashMap<>();

  private PeerIdentity() {}

  /** The uid of {@code user}, if it can be found. */
  public static OptionalLong uid(UserPrincipal user) {
    return uid(user.getName());
  }

  /** The uid of the user named {@code name} (or written as a decimal uid). */
  public static OptionalLong uid(String name) {
    Long cached = CACHE.get(name);
    if (cached != null) {
      return OptionalLong.of(cached);
    }
    OptionalLong found = resolve(name);
    found.ifPresent(u -> CACHE.put(name, u));
    return found;
  }

  private static OptionalLong resolve(String name) {
    if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9') && name.length() < 11) {
      return OptionalLong.of(Long.parseLong(name));
    }
    try {
      OptionalLong local = fromPasswd(Files.readAllLines(Path.of("/etc/passwd"),
          StandardCharsets.UTF_8), name);
      if (local.isPresent()) {
        return local;
      }
    } catch (IOException | RuntimeException e) {
      // no readable /etc/passwd: ask NSS
    }
    return getent(name);
  }

  /** The uid of {@code name} in passwd(5) lines. */
  static OptionalLong fromPasswd(List<String> lines, String name) {
    for (String line : lines) {
      String[] f = line.split(":", -1);
      if (f.length >= 3 && f[0].equals(name)) {
        try {
          return OptionalLong.of(Long.parseLong(f[2]));
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }

  private static OptionalLong getent(String name) {
    if (name.startsWith("-") || name.contains("\n")) {
      return OptionalLong.empty();
    }
    try {
      Process p = new ProcessBuilder("getent", "passwd", name).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readNBytes(4096);
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return OptionalLong.empty();
      }
      return p.exitValue() == 0
          ? fromPasswd(List.of(new String(out, StandardCharsets.UTF_8).trim()), name)
          : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }
}
