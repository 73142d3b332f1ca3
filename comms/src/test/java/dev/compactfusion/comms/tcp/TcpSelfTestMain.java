package dev.compactfusion.comms.tcp;

/** Process entry of {@link TcpSelfTest} for the separate-JVM tests, which run without the CLI jar. */
public final class TcpSelfTestMain {
  private TcpSelfTestMain() {}

  public static void main(String[] args) {
    // exit explicitly: the tcp backend's event-loop threads would keep the JVM alive
    System.exit(TcpSelfTest.run(args));
  }
}
