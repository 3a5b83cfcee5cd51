package io.kvs.rank;

import java.util.Locale;

/**
 * Rules for namespace names: 1 to 128 characters of letters, digits and {@code ._:@+=-},
 * starting with a letter or digit. Every case variant of {@code primary} is reserved.
 */
public final class NamespaceNames {
  /** The namespace that always exists, owned by the instance owner. */
  public static final String PRIMARY = "primary";
  public static final int MAX_LENGTH = 128;

  private NamespaceNames() {}

  /** Null if {@code name} is a valid namespace name, else what is wrong with it. */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "kvs: namespace name must not be empty";
    }
    if (name.length() > MAX_LENGTH || !validChars(name)) {
      String shown = name.length() > 40 ? name.substring(0, 37) + "..." : name;
      return "kvs: invalid namespace name \"" + shown + "\": use 1-" + MAX_LENGTH
          + " letters, digits and ._:@+=- starting with a letter or digit";
    }
    return null;
  }

  private static boolean validChars(String name) {
    if (!isAlnum(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isAlnum(c) && "._:@+=-".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Whether {@code name} is {@code primary} in any case. */
  public static boolean isPrimary(String name) {
    return name != null && name.toLowerCase(Locale.ROOT).equals(PRIMARY);
  }
}
