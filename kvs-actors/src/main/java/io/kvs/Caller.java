package io.kvs;

/**
 * Who makes a request: a userid and a role. The instance owner may do anything; a user may
 * only read and write the namespaces they own (KVS-SPEC §2.2).
 */
public record Caller(long userid, Role role) implements KvsSerializable {
  /** The role of a caller. */
  public enum Role {
    OWNER,
    USER
  }

  public static Caller owner(long userid) {
    return new Caller(userid, Role.OWNER);
  }

  public static Caller user(long userid) {
    return new Caller(userid, Role.USER);
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isOwner() {
    return role == Role.OWNER;
  }

  /** Whether this caller may use a namespace owned by {@code namespaceOwner}. */
  public boolean mayAccess(long namespaceOwner) {
    return role == Role.OWNER || userid == namespaceOwner;
  }
}
