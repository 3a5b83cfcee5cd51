package io.kvs.watch;

import io.kvs.KvsError;
import io.kvs.treeobj.BlobRef;
import io.kvs.treeobj.TreeObj;
import java.util.List;

/**
 * Where a WATCH_APPEND (or STREAM) watcher is in an append-only value: how many of its blobs
 * have been sent. Given the value's tree object as found at a new root, it says which blobs to
 * send next, or why the stream must end (KVS-SPEC §3.3). Pure.
 */
public final class AppendCursor {
  /** What to do with the value found at a root. */
  public sealed interface Step permits Send, SendInline, Nothing, Fail {}

  /** Send these blobs, each as its own value, in order. */
  public record Send(List<BlobRef> refs) implements Step {}

  /** Send this inline value whole. */
  public record SendInline(TreeObj.Val val) implements Step {}

  /** Nothing new. */
  public record Nothing() implements Step {}

  /** End the stream with this error. */
  public record Fail(KvsError error, String message) implements Step {}

  private int sent = -1;
  private TreeObj.Val inline;

  /** The step for the tree object {@code found} at {@code key}; advances the cursor. */
  public Step next(String key, TreeObj found) {
    if (found instanceof TreeObj.Val v) {
      if (sent < 0) {
        sent = 1;
        inline = v;
        return new SendInline(v);
      }
      return sent == 1 && v.equals(inline) ? new Nothing() : overwritten(key);
    }
    if (found instanceof TreeObj.ValRef v) {
      int start = Math.max(sent, 0);
      if (v.refs().size() < start) {
        return new Fail(KvsError.INVALID, "kvs: " + key + " was truncated");
      }
      sent = v.refs().size();
      return start == sent ? new Nothing() : new Send(v.refs().subList(start, sent));
    }
    if (found instanceof TreeObj.Dir || found instanceof TreeObj.DirRef) {
      return new Fail(KvsError.IS_DIR, "kvs: " + key + " is a directory");
    }
    return overwritten(key);
  }

  private static Fail overwritten(String key) {
    return new Fail(KvsError.INVALID, "kvs: " + key + " was overwritten, not appended to");
  }
}
