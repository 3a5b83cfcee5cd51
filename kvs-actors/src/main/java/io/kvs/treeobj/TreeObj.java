package io.kvs.treeobj;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An RFC 11 tree object: {@code val}, {@code valref}, {@code dir}, {@code dirref} or
 * {@code symlink}. Instances are immutable and valid by construction; {@link TreeObjCodec}
 * turns them into canonical JSON (compact, sorted keys) and back. In messages they travel as
 * that same JSON.
 */
@JsonSerialize(using = TreeObjJson.Serializer.class)
@JsonDeserialize(using = TreeObjJson.Deserializer.class)
public sealed interface TreeObj
    permits TreeObj.Val, TreeObj.ValRef, TreeObj.Dir, TreeObj.DirRef, TreeObj.Symlink {

  /** The RFC 11 type name. */
  String type();

  /** An inline value. */
  record Val(Bytes data) implements TreeObj {
    public static final Val EMPTY = new Val(Bytes.EMPTY);

    public Val {
      java.util.Objects.requireNonNull(data, "data");
    }

    public static Val utf8(String s) {
      return new Val(Bytes.utf8(s));
    }

    @Override
    public String type() {
      return "val";
    }
  }

  /** A value that is the concatenation of the raw blobs named, in order. Never empty. */
  record ValRef(List<BlobRef> refs) implements TreeObj {
    public ValRef {
      refs = List.copyOf(refs);
      if (refs.isEmpty()) {
        throw new IllegalArgumentException("kvs: valref must name at least one blob");
      }
    }

    public static ValRef of(BlobRef ref) {
      return new ValRef(List.of(ref));
    }

    /** This valref with {@code ref} appended. */
    public ValRef append(BlobRef ref) {
      BlobRef[] out = refs.toArray(new BlobRef[refs.size() + 1]);
      out[refs.size()] = ref;
      return new ValRef(List.of(out));
    }

    @Override
    public String type() {
      return "valref";
    }
  }

  /** A directory: entry name to tree object, iterated in canonical (code point) order. */
  record Dir(Map<String, TreeObj> entries) implements TreeObj {
    public static final Dir EMPTY = new Dir(Map.of());

    public Dir {
      TreeMap<String, TreeObj> sorted = new TreeMap<>(TreeObjCodec.KEY_ORDER);
      for (Map.Entry<String, TreeObj> e : entries.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          throw new IllegalArgumentException("kvs: dir entries must be non-null");
        }
        sorted.put(e.getKey(), e.getValue());
      }
      entries = Collections.unmodifiableSortedMap(sorted);
    }

    public TreeObj get(String name) {
      return entries.get(name);
    }

    public int size() {
      return entries.size();
    }

    @Override
    public String type() {
      return "dir";
    }
  }

  /**
   * A reference to a serialized {@code dir}. RFC 11 allows several blobrefs but exactly one is
   * used; a lookup that meets another count fails with ENOTRECOVERABLE.
   */
  record DirRef(List<BlobRef> refs) implements TreeObj {
    public DirRef {
      refs = List.copyOf(refs);
      if (refs.isEmpty()) {
        throw new IllegalArgumentException("kvs: dirref must name at least one blob");
      }
    }

    public static DirRef of(BlobRef ref) {
      return new DirRef(List.of(ref));
    }

    /** The one blob of a well-formed dirref. */
    public BlobRef ref() {
      return refs.get(0);
    }

    @Override
    public String type() {
      return "dirref";
    }
  }

  /** A link to {@code target} (an absolute key; "." is a root), optionally in another namespace. */
  record Symlink(String target, String namespace) implements TreeObj {
    public Symlink {
      java.util.Objects.requireNonNull(target, "target");
      if (target.isEmpty()) {
        throw new IllegalArgumentException("kvs: symlink target must not be empty");
      }
      if (namespace != null && namespace.isEmpty()) {
        throw new IllegalArgumentException("kvs: symlink namespace must not be empty");
      }
    }

    public static Symlink to(String target) {
      return new Symlink(target, null);
    }

    @Override
    public String type() {
      return "symlink";
    }
  }
}
