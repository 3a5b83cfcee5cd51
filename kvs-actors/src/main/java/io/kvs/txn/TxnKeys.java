package io.kvs.txn;

import java.util.ArrayList;
import java.util.List;

/** Key normalization and splitting (KVS-SPEC §1.5), private to the transaction code. */
final class TxnKeys {
  /** The key of the namespace root. */
  static final String ROOT = ".";

  private TxnKeys() {}

  /** Runs of '.' collapse to one, then one leading and one trailing '.' are dropped; "." stays. */
  static String normalize(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    char prev = 0;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c != '.' || prev != '.') {
        sb.append(c);
      }
      prev = c;
    }
    if (sb.length() > 1 && sb.charAt(0) == '.') {
      sb.deleteCharAt(0);
    }
    if (sb.length() > 1 && sb.charAt(sb.length() - 1) == '.') {
      sb.setLength(sb.length() - 1);
    }
    return sb.length() == key.length() ? key : sb.toString();
  }

  /** The components of a normalized key; none for the root. */
  static List<String> components(String normalizedKey) {
    List<String> out = new ArrayList<>();
    if (normalizedKey.equals(ROOT)) {
      return out;
    }
    int start = 0;
    for (int dot; (dot = normalizedKey.indexOf('.', start)) >= 0; start = dot + 1) {
      out.add(normalizedKey.substring(start, dot));
    }
    out.add(normalizedKey.substring(start));
    return out;
  }

  /**
   * The key a same-namespace symlink to {@code target}, met at {@code names[from - 1]},
   * redirects to: {@code <target>.<names[from..]>}, or just the rest when the target is ".".
   */
  static String redirect(String target, List<String> names, int from) {
    String rest = String.join(".", names.subList(from, names.size()));
    String t = normalize(target);
    return t.equals(ROOT) ? rest : t + "." + rest;
  }
}
