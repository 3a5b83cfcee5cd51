package io.kvs.lookup;

import java.util.ArrayList;
import java.util.List;

/**
 * KVS keys (KVS-SPEC §1.5): components separated by {@code '.'}, {@code "."} alone naming the
 * namespace root. Lookups, transaction ops and changed-key lists all use the normalized form.
 */
public final class Keys {
  /** The key of a namespace root. */
  public static final String ROOT = ".";

  private Keys() {}

  /**
   * The normalized form of {@code key}: runs of {@code '.'} collapse to one, then one trailing
   * and one leading {@code '.'} are dropped unless the key is just {@code "."}. So
   * {@code "a..b."} becomes {@code "a.b"}, and {@code "."} or any all-dots key becomes
   * {@code "."}. The empty string stays empty (callers reject it). A key already in normal
   * form is returned as is, without allocating.
   */
  public static String normalize(String key) {
    if (isNormal(key)) {
      return key;
    }
    StringBuilder sb = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c != '.' || sb.length() == 0 || sb.charAt(sb.length() - 1) != '.') {
        sb.append(c);
      }
    }
    if (sb.length() > 1 && sb.charAt(sb.length() - 1) == '.') {
      sb.setLength(sb.length() - 1);
    }
    if (sb.length() > 1 && sb.charAt(0) == '.') {
      sb.deleteCharAt(0);
    }
    return sb.toString();
  }

  private static boolean isNormal(String key) {
    int n = key.length();
    if (n <= 1) {
      return true;
    }
    if (key.charAt(0) == '.' || key.charAt(n - 1) == '.') {
      return false;
    }
    return key.indexOf("..") < 0;
  }

  /**
   * The components of a normalized key, in order; {@code "."} (and {@code ""}) have none. Empty
   * components, which a normalized key does not have, are skipped.
   */
  public static List<String> components(String normalizedKey) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int n = normalizedKey.length();
    while (start <= n) {
      int dot = normalizedKey.indexOf('.', start);
      int end = dot < 0 ? n : dot;
      if (end > start) {
        out.add(normalizedKey.substring(start, end));
      }
      start = end + 1;
    }
    return out;
  }

  /** The key made of {@code components} joined with {@code '.'}; no components give {@code "."}. */
  public static String join(List<String> components) {
    return components.isEmpty() ? ROOT : String.join(".", components);
  }
}
