package io.kvs.cli;

/** Where Ctrl-C comes from: SIGINT in a real run, a button in tests. */
interface Interrupts {
  /** Runs {@code action} on each interrupt until the returned handle is closed. */
  AutoCloseable onInterrupt(Runnable action);

  /**
   * SIGINT through {@code sun.misc.Signal} (module jdk.unsupported): the handler replaces the
   * JVM's default (exit 130) while a watch runs, so Ctrl-C cancels it and the verb exits 0.
   */
  @SuppressWarnings("restriction")
  Interrupts SIGINT = action -> {
    sun.misc.Signal sig = new sun.misc.Signal("INT");
    sun.misc.SignalHandler old;
    try {
      old = sun.misc.Signal.handle(sig, s -> action.run());
    } catch (IllegalArgumentException e) {
      return () -> { }; // the VM reserves SIGINT (-Xrs): keep the default
    }
    return () -> sun.misc.Signal.handle(sig, old);
  };
}
