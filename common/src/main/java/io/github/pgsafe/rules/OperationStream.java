package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Analyzer;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The operations of one script, in order, for the linter. A long script is analysed on a thread of
 * its own while the rules run on the caller's: in a short-lived {@code pgsafe lint} both run mostly
 * uncompiled, and the second core does half the work. A short script is analysed in place.
 */
abstract class OperationStream {
  /** Below this many statements a thread costs more than it saves. */
  static final int PARALLEL_FROM_STATEMENTS = 2_000;

  abstract Operation next();

  static OperationStream of(Analyzer analyzer, List<Statement> statements) {
    if (statements.size() < PARALLEL_FROM_STATEMENTS) {
      Iterator<Operation> all = analyzer.analyze(statements).iterator();
      return new OperationStream() {
        @Override
        Operation next() {
          return all.next();
        }
      };
    }
    return new Concurrent(analyzer, statements);
  }

  private static final class Concurrent extends OperationStream {
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    Concurrent(Analyzer analyzer, List<Statement> statements) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  analyzer.analyze(statements, queue::add);
                } catch (RuntimeException | Error e) {
                  queue.add(new Failure(e));
                }
              },
              "pgsafe-analyzer");
      worker.setDaemon(true);
      worker.start();
    }

    @Override
    Operation next() {
      Object next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the analysis", e);
      }
      if (next instanceof Failure failure) {
        throw failure.rethrown();
      }
      return (Operation) next;
    }
  }

  private record Failure(Throwable cause) {
    RuntimeException rethrown() {
      if (cause instanceof Error error) {
        throw error;
      }
      return (RuntimeException) cause;
    }
  }
}
