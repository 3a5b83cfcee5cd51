package io.kvs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.client.KvsClient;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.Bytes;
import io.kvs.treeobj.TreeObj;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kvs dir}: one line per entry, as {@code flux kvs dir} prints them: {@code key = value}
 * (cut to the width), {@code key.} for a directory, {@code key -> [ns::]target} for a symlink.
 */
@Command(name = "dir", description = "Display all keys under directory.",
    customSynopsis = "kvs dir [-N NS] [-R] [-d] [-w COLS] [-a TREEOBJ] [KEY]")
final class DirCommand extends Verb {
  @Option(names = {"-R", "--recursive"}, description = "Recursively display keys under subdirectories.")
  boolean recursive;

  @Option(names = {"-d", "--directory"}, description = "List directory entries and not values.")
  boolean directory;

  @Option(names = {"-w", "--width"}, paramLabel = "COLS",
      description = "Set output width to COLS; 0 means no limit (default: $COLUMNS, else 80).")
  Integer width;

  @Option(names = {"-a", "--at"}, paramLabel = "TREEOBJ",
      description = "Look up relative to this RFC 11 snapshot reference (a dirref).")
  String at;

  @Parameters(arity = "0..1", paramLabel = "KEY", defaultValue = ".")
  String key;

  private TreeObj rootdir;
  private int maxcol;

  @Override
  int run() {
    rootdir = at == null ? null : parseTreeObj(at, "--at");
    maxcol = LsCommand.windowWidth(width, cli().env);
    dump(key, readdir(key));
    return 0;
  }

  private TreeObj.Dir readdir(String k) {
    TreeObj t = await(client().lookup(namespace(), k, LookupFlags.READDIR, rootdir), k);
    if (!(t instanceof TreeObj.Dir d)) {
      throw CliFailure.errno(k, io.kvs.client.Errno.ENOTDIR);
    }
    return d;
  }

  private void dump(String dirKey, TreeObj.Dir dir) {
    for (Map.Entry<String, TreeObj> e : dir.entries().entrySet()) {
      String k = keyAt(dirKey, e.getKey());
      TreeObj t = e.getValue();
      if (t instanceof TreeObj.Symlink s) {
        printSymlink(k, s);
      } else if (t instanceof TreeObj.Dir || t instanceof TreeObj.DirRef) {
        TreeObj.Dir sub = !recursive ? null
            : t instanceof TreeObj.Dir d ? d : readdir(k);
        if (sub == null || sub.size() == 0) {
          printDir(k);
        } else {
          dump(k, sub);
        }
      } else if (directory) {
        printKey(k, t.type());
      } else {
        Bytes v = t instanceof TreeObj.Val val ? val.data()
            : KvsClient.valueOf(await(client().lookup(namespace(), k, 0, rootdir), k));
        printValue(k, v);
      }
    }
  }

  /** The key of entry {@code name} of the directory at {@code dirKey}. */
  static String keyAt(String dirKey, String name) {
    return dirKey.equals(".") ? name : dirKey + "." + name;
  }

  private void printSymlink(String k, TreeObj.Symlink s) {
    if (json()) {
      ObjectNode o = KvsClient.object().put("key", k).put("type", "symlink");
      if (s.namespace() != null) {
        o.put("namespace", s.namespace());
      }
      out().json(o.put("target", s.target()));
    } else {
      out().line(k + " -> " + (s.namespace() != null ? s.namespace() + "::" : "") + s.target());
    }
  }

  private void printDir(String k) {
    if (json()) {
      out().json(KvsClient.object().put("key", k).put("type", "dir"));
    } else {
      out().line(k + ".");
    }
  }

  private void printKey(String k, String type) {
    if (json()) {
      out().json(KvsClient.object().put("key", k).put("type", type));
    } else {
      out().line(k);
    }
  }

  private void printValue(String k, Bytes v) {
    if (json()) {
      ObjectNode o = KvsClient.object().put("key", k).put("type", "val");
      Output.putValue(o, v, false);
      out().json(o);
    } else {
      out().bytes(kvLine(k, v.unsafeArray(), maxcol));
    }
  }

  /**
   * {@code key = value} and a newline, as flux's {@code kv_printf}: with a width (0 = none,
   * 1..3 = none) the text is cut to width-3 bytes, at the first newline and at the first byte
   * that is not printable ASCII, and "..." marks a cut.
   */
  static byte[] kvLine(String key, byte[] value, int maxcol) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(key.length() + value.length + 8);
    b.writeBytes((key + " = ").getBytes(StandardCharsets.UTF_8));
    b.writeBytes(value);
    byte[] kv = b.toByteArray();
    int len = kv.length;
    boolean overflow = false;
    if (maxcol > 3) {
      if (len > maxcol - 3) {
        len = maxcol - 3;
        overflow = true;
      }
      for (int i = 0; i < len; i++) {
        if (kv[i] == '\n') {
          if (i + 1 < len) {
            overflow = true; // no "..." when nothing follows the newline
          }
          len = i;
          break;
        }
      }
      for (int i = 0; i < len; i++) {
        if (kv[i] < 0x20 || kv[i] > 0x7e) {
          len = i;
          overflow = true;
          break;
        }
      }
    }
    ByteArrayOutputStream line = new ByteArrayOutputStream(len + 4);
    line.write(kv, 0, len);
    if (overflow) {
      line.writeBytes("...".getBytes(StandardCharsets.US_ASCII));
    }
    line.write('\n');
    return line.toByteArray();
  }
}
