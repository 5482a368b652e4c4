package io.github.pgsafe.cli;

/** The entry point of {@code java -jar pgsafe.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = new PgsafeCli(System.out, System.err).run(args);
    System.out.flush();
    System.exit(code);
  }
}
