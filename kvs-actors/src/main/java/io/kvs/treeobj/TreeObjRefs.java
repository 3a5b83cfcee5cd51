package io.kvs.treeobj;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The blobrefs an encoded tree object refers to, read without decoding it: one pass of a
 * streaming parser, no directory maps, no tree objects. For a collector that must visit every
 * directory a root reaches and keeps the decoded form of only a few. Entries are visited at
 * any depth of inline {@code dir}s; symlinks refer to no blob.
 */
public final class TreeObjRefs {
  /** Where the references go. */
  public interface Sink {
    /** A blobref of a {@code dirref}: a serialized directory. */
    void directory(BlobRef ref);

    /** A blobref of a {@code valref}: raw data. */
    void data(BlobRef ref);
  }

  private static final JsonFactory JSON = new JsonFactory();

  private TreeObjRefs() {}

  /**
   * Reports the references of the tree object {@code json} encodes. A reference string that is
   * not a valid blobref is skipped.
   *
   * @throws InvalidTreeObjException if {@code json} is not a JSON object
   */
  public static void scan(byte[] json, Sink sink) {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidTreeObjException("kvs: treeobj must be a JSON object");
      }
      object(p, sink);
    } catch (IOException e) {
      throw new InvalidTreeObjException("kvs: treeobj is not valid JSON: " + e.getMessage());
    }
  }

  /** One tree object; the parser is on its START_OBJECT and is left on its END_OBJECT. */
  private static void object(JsonParser p, Sink sink) throws IOException {
    List<String> refs = null;
    String type = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals("type") && t == JsonToken.VALUE_STRING) {
        type = p.getText();
      } else if (name.equals("data") && t == JsonToken.START_ARRAY) {
        refs = new ArrayList<>(2);
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          if (e == JsonToken.VALUE_STRING) {
            refs.add(p.getText());
          } else {
            p.skipChildren();
          }
        }
      } else if (name.equals("data") && t == JsonToken.START_OBJECT) {
        entries(p, sink);
      } else {
        p.skipChildren();
      }
    }
    if (refs == null || type == null) {
      return;
    }
    boolean dir = type.equals("dirref");
    if (!dir && !type.equals("valref")) {
      return;
    }
    for (String r : refs) {
      BlobRef ref;
      try {
        ref = new BlobRef(r);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (dir) {
        sink.directory(ref);
      } else {
        sink.data(ref);
      }
    }
  }

  /** A {@code dir}'s entries (or a symlink's fields, which hold no objects). */
  private static void entries(JsonParser p, Sink sink) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        object(p, sink);
      } else {
        p.skipChildren();
      }
    }
  }
}
