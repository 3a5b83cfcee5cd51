package io.kvs.cli;

import io.kvs.client.Errno;
import io.kvs.client.KvsClient;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.TreeObj;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kvs ls}, like {@code ls(1)} and {@code flux kvs ls}: keys that are not directories
 * first, in columns, then the contents of each directory (with a {@code key:} label when there
 * are several, or with {@code -R}). A trailing "." on a key requires a directory.
 */
@Command(name = "ls", description = "List directory.",
    customSynopsis = "kvs ls [-N NS] [-R] [-d] [-F] [-w COLS] [-1] [KEY...]")
final class LsCommand extends Verb {
  @Option(names = {"-R", "--recursive"}, description = "List directory recursively.")
  boolean recursive;

  @Option(names = {"-d", "--directory"}, description = "List directory instead of contents.")
  boolean directory;

  @Option(names = {"-w", "--width"}, paramLabel = "COLS",
      description = "Set output width to COLS; 0 means no limit (default: $COLUMNS, else 80).")
  Integer width;

  @Option(names = "-1", description = "Force one entry per line.")
  boolean one;

  @Option(names = {"-F", "--classify"}, description = "Append indicator (one of .@) to entries.")
  boolean classify;

  @Parameters(arity = "0..*", paramLabel = "KEY")
  List<String> keys = new ArrayList<>();

  /** A key named on the command line that is listed as a name, not expanded. */
  private record Single(String key, String display, String type) {}

  private final List<Single> singles = new ArrayList<>();
  private final List<String> dirs = new ArrayList<>();
  private boolean failed;

  @Override
  int run() {
    int winWidth = one ? 1 : windowWidth(width, cli().env);
    for (String k : keys.isEmpty() ? List.of(".") : keys) {
      categorize(k);
    }
    singles.sort((a, b) -> a.display().compareTo(b.display()));
    dirs.sort(null);
    boolean label = false;
    boolean vspace = false;
    if (!singles.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (Single s : singles) {
        names.add(s.display());
        if (json()) {
          out().json(KvsClient.object().put("key", s.key()).put("type", s.type()));
        }
      }
      if (!json()) {
        columns(names, winWidth);
      }
      label = true;
      vspace = true;
    }
    if (recursive || dirs.size() > 1) {
      label = true;
    }
    for (String d : dirs) {
      listDir(d, winWidth, label, vspace);
      vspace = true;
    }
    return failed ? 1 : 0;
  }

  private void categorize(String key) {
    String k = key;
    boolean requireDir = false;
    while (k.length() > 1 && k.endsWith(".")) {
      k = k.substring(0, k.length() - 1);
      requireDir = true;
    }
    CompletableFuture<TreeObj> f = client().lookup(namespace(), k, LookupFlags.TREEOBJ);
    int errnum = errnoOf(f);
    if (errnum != 0) {
      error(k, errnum);
      return;
    }
    TreeObj t = f.join();
    if (t instanceof TreeObj.Dir || t instanceof TreeObj.DirRef) {
      if (directory) {
        singles.add(new Single(k, classify ? k + "." : k, "dir"));
      } else {
        dirs.add(k);
      }
    } else if (requireDir) {
      error(k, Errno.ENOTDIR);
    } else if (t instanceof TreeObj.Symlink) {
      if (classify || directory) {
        singles.add(new Single(k, classify ? k + "@" : k, "symlink"));
      } else {
        categorizeLink(k);
      }
    } else {
      singles.add(new Single(k, k, "val"));
    }
  }

  /** A symlink is listed as a name unless it leads to a directory, which is expanded. */
  private void categorizeLink(String k) {
    int errnum = errnoOf(client().lookup(namespace(), k, 0));
    if (errnum == Errno.EISDIR) {
      dirs.add(k);
    } else if (errnum == 0 || errnum == Errno.ENOENT) {
      singles.add(new Single(k, k, "symlink"));
    } else {
      error(k, errnum);
    }
  }

  private void error(String k, int errnum) {
    cli().output().flush();
    failed = true;
    cli().errorLine("kvs: ls: " + k + ": " + Errno.strerror(errnum));
  }

  private void listDir(String key, int winWidth, boolean label, boolean vspace) {
    TreeObj t = await(client().lookup(namespace(), key, LookupFlags.READDIR), key);
    if (!(t instanceof TreeObj.Dir dir)) {
      throw CliFailure.errno(key, Errno.ENOTDIR);
    }
    if (label && !json()) {
      out().line((vspace ? "\n" : "") + key + ":");
    }
    List<String> names = new ArrayList<>();
    int maxname = 0;
    for (Map.Entry<String, TreeObj> e : dir.entries().entrySet()) {
      String n = e.getKey();
      maxname = Math.max(maxname, n.length());
      boolean isDir = e.getValue() instanceof TreeObj.Dir || e.getValue() instanceof TreeObj.DirRef;
      if (json()) {
        out().json(KvsClient.object().put("key", DirCommand.keyAt(key, n))
            .put("type", isDir ? "dir" : e.getValue().type()));
      }
      if (classify && isDir) {
        n += ".";
      } else if (classify && e.getValue() instanceof TreeObj.Symlink) {
        n += "@";
      }
      names.add(n);
    }
    if (!json()) {
      printColumns(names, maxname + 4, winWidth);
    }
    if (recursive) {
      for (Map.Entry<String, TreeObj> e : dir.entries().entrySet()) {
        if (e.getValue() instanceof TreeObj.Dir || e.getValue() instanceof TreeObj.DirRef) {
          listDir(DirCommand.keyAt(key, e.getKey()), winWidth, label, true);
        }
      }
    }
  }

  private void columns(List<String> names, int winWidth) {
    int max = 0;
    for (String n : names) {
      max = Math.max(max, n.length());
    }
    printColumns(names, max + 4, winWidth);
  }

  /** Names across the window in columns of {@code colWidth}, as flux's list_kvs_dir_single. */
  private void printColumns(List<String> names, int colWidth, int winWidth) {
    StringBuilder sb = new StringBuilder();
    int col = 0;
    int lastLen = 0;
    for (String n : names) {
      if (winWidth != 0 && col + colWidth > winWidth && col > 0) {
        sb.append('\n');
        col = 0;
      } else if (lastLen > 0) {
        sb.append(" ".repeat(colWidth - lastLen));
      }
      sb.append(n);
      lastLen = n.length();
      col += colWidth;
    }
    if (col > 0) {
      out().line(sb.toString());
    }
  }

  /** {@code -w COLS} if given, else $COLUMNS, else 80 (flux also asks the tty). */
  static int windowWidth(Integer option, Map<String, String> env) {
    if (option != null && option >= 0) {
      return option;
    }
    String cols = env.get("COLUMNS");
    if (cols != null) {
      try {
        int w = Integer.parseInt(cols.trim());
        if (w >= 0) {
          return w;
        }
      } catch (NumberFormatException ignored) {
        // fall back to 80
      }
    }
    return 80;
  }
}
