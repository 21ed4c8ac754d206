package chaupal.testing;

/**
 * The JVM's log as a resource of JUnit's parallel run: a test that captures or reconfigures the log
 * holds it alone ({@code @ResourceLock(TestLog.LINES)}); a test that runs beside the others only
 * writes to it ({@code mode = READ}), so its lines never reach a test that reads the log.
 */
public final class TestLog {

  public static final String LINES = "chaupal.log";

  private TestLog() {}
}
