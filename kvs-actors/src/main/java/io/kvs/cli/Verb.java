package io.kvs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.client.CommitResult;
import io.kvs.client.KvsClient;
import io.kvs.client.KvsClientException;
import io.kvs.treeobj.InvalidTreeObjException;
import io.kvs.treeobj.TreeObj;
import io.kvs.treeobj.TreeObjCodec;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Base of every verb: the common options, the shared client, output and error helpers. */
abstract class Verb implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  /** Runs the verb; returns the exit code. */
  abstract int run() throws Exception;

  @Override
  public final Integer call() throws Exception {
    return run();
  }

  KvsCli cli() {
    return (KvsCli) spec.root().userObject();
  }

  /** {@code -N} of the verb, else of {@code kvs}, else $KVS_NAMESPACE, else primary. */
  String namespace() {
    if (common.namespace != null) {
      return common.namespace;
    }
    return cli().namespace != null ? cli().namespace : KvsClient.defaultNamespace(cli().env);
  }

  boolean json() {
    Format f = common.format != null ? common.format : cli().format;
    return f == Format.json;
  }

  KvsClient client() {
    return cli().client();
  }

  Output out() {
    return cli().output();
  }

  /** A usage error (exit code 2) with the verb's usage. */
  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Waits for {@code f}; a service error becomes a {@link CliFailure} about {@code subject}. */
  static <T> T await(CompletableFuture<T> f, String subject) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof KvsClientException k) {
        throw CliFailure.of(subject, k);
      }
      throw e;
    }
  }

  /** The errno of a failed future, 0 if it succeeded. */
  static int errnoOf(CompletableFuture<?> f) {
    try {
      f.join();
      return 0;
    } catch (CompletionException e) {
      if (e.getCause() instanceof KvsClientException k) {
        return k.errnum();
      }
      throw e;
    }
  }

  /** Parses a tree object given on the command line (usage error if invalid). */
  TreeObj parseTreeObj(String text, String what) {
    try {
      return TreeObjCodec.decode(text);
    } catch (InvalidTreeObjException e) {
      String message = e.getMessage();
      if (message != null && message.startsWith("kvs: ")) {
        message = message.substring(5); // the usage line already starts with "kvs: VERB: "
      }
      throw usage(what + ": " + message);
    }
  }

  /** Prints what {@code put -O/-b/-s} and friends print after a commit. */
  void printCommit(CommitResult r, boolean treeobjRoot, boolean blobref, boolean sequence) {
    if (json()) {
      ObjectNode o = KvsClient.object().put("namespace", r.namespace())
          .put("rootref", r.rootref()).put("rootseq", r.rootseq());
      out().json(o);
      return;
    }
    if (treeobjRoot) {
      out().line(TreeObjCodec.encodeToString(r.rootDirRef()));
    }
    if (blobref) {
      out().line(r.rootref());
    }
    if (sequence) {
      out().line(Integer.toString(r.rootseq()));
    }
  }
}
