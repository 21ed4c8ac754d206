package chaupal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.platform.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser for tests: a whole node (simulator included, {@code admin} with
 * {@link #ADMIN_PASSWORD}) and Debian's headless Chromium driven by Selenium. {@link #assertAccessible}
 * runs axe-core (its WebJar) in the page, {@link #assertNoHorizontalScroll} checks the 360-pixel phone
 * layout, {@link #screenshot} keeps desktop and phone pictures in {@code docs/console/}.
 */
final class ConsoleBrowser implements AutoCloseable {

  static final String ADMIN_PASSWORD = "browser test admin password";
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Path SCREENSHOTS = Path.of("docs", "console");
  private static final int PHONE_WIDTH = 360;
  private static final int PHONE_HEIGHT = 780;
  private static final int DESKTOP_WIDTH = 1366;
  private static final int DESKTOP_HEIGHT = 900;
  private static final int LONGEST_SHOT = 2400;
  private static final ObjectMapper JSON = new ObjectMapper();

  final Database db;
  final TestNode node;
  final ChromeDriver driver;
  private final Path profile;

  private ConsoleBrowser(Database db, TestNode node, ChromeDriver driver, Path profile) {
    this.db = db;
    this.node = node;
    this.driver = driver;
    this.profile = profile;
  }

  /** A node on its own database {@code name} and a fresh browser profile. */
  static ConsoleBrowser start(String name) {
    return start(name, Map.of());
  }

  static ConsoleBrowser start(String name, Map<String, Object> overrides) {
    for (String binary : new String[] {CHROMIUM, CHROMEDRIVER}) {
      if (!Files.isExecutable(Path.of(binary))) {
        throw new IllegalStateException(binary + " is missing: install Debian's chromium and chromium-driver (.ci/run does it as root)");
      }
    }
    Database db = TestDatabase.create(name);
    Map<String, Object> settings = new HashMap<>(overrides);
    settings.put("chaupal.console.admin-password", ADMIN_PASSWORD);
    TestNode node = TestNode.start(db, settings);
    try {
      Path profile = Files.createTempDirectory("chaupal-chromium");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM);
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
          "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + DESKTOP_WIDTH + "," + DESKTOP_HEIGHT);
      // The page's console (JS errors, CSP refusals) is read back by assertCleanConsole.
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      options.setCapability("goog:loggingPrefs", logs);
      // The driver is given, so Selenium Manager (which would go to the internet) is not asked for one.
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
      return new ConsoleBrowser(db, node, driver, profile);
    } catch (IOException | RuntimeException e) {
      node.close();
      db.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  String url(String path) {
    return node.url(path);
  }

  void open(String path) {
    driver.get(url(path));
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /** The page's path (and query) once the browser is on it. */
  String path() {
    String current = driver.getCurrentUrl();
    return current.substring(url("").length());
  }

  void awaitPath(String prefix) {
    await(Duration.ofSeconds(20), "the browser reaches " + prefix, d -> path().startsWith(prefix));
  }

  /**
   * Waits until {@code condition} holds. An element found on a page that the browser then leaves
   * (a form sent, a redirect followed) goes stale; that is "not yet", asked again, never a failure.
   */
  void await(Duration timeout, String what, java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
    new WebDriverWait(driver, timeout).withMessage(what)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
  }

  void awaitVisible(String css) {
    new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage(css + " is shown")
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Fills the login form and sends it. */
  void signIn(String username, String password) {
    if (!path().startsWith("/console/login")) open("/console/login");
    find("#username").clear();
    find("#username").sendKeys(username);
    find("#password").sendKeys(password);
    find("form[action='/console/login'] button[type=submit]").click();
  }

  /** Runs axe-core in the page and fails on any serious or critical violation, listing each with the elements it found. */
  void assertAccessible() {
    driver.executeScript(axeSource());
    Object result = driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(JSON.stringify(r.violations)); })"
        + ".catch(function (e) { done('axe failed: ' + e); });");
    String text = String.valueOf(result);
    if (!text.startsWith("[")) throw new AssertionError(text);
    List<String> bad = new ArrayList<>();
    try {
      for (JsonNode v : JSON.readTree(text)) {
        String impact = v.path("impact").asText();
        if (!impact.equals("serious") && !impact.equals("critical")) continue;
        List<String> targets = new ArrayList<>();
        for (JsonNode n : v.path("nodes")) targets.add(n.path("target").toString() + " " + n.path("failureSummary").asText().replace('\n', ' '));
        bad.add(impact + " " + v.path("id").asText() + ": " + v.path("help").asText() + " at " + targets);
      }
    } catch (IOException e) {
      throw new AssertionError("axe's answer is not JSON: " + text, e);
    }
    if (!bad.isEmpty()) throw new AssertionError("axe-core finds on " + path() + ":\n  " + String.join("\n  ", bad));
  }

  /**
   * Fails on any error the browser's console reported since the last call: a script error, a
   * refusal by the Content-Security-Policy, a file that did not load (the favicon that no page links excepted).
   */
  void assertCleanConsole() {
    List<String> problems = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      boolean csp = e.getMessage().contains("Content Security Policy");
      if ((e.getLevel().intValue() >= Level.SEVERE.intValue() || csp) && !e.getMessage().contains("/favicon.ico")) {
        problems.add(e.getLevel() + " " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) throw new AssertionError("the browser's console on " + path() + ":\n  " + String.join("\n  ", problems));
  }

  /** At a phone's 360 pixels the page is no wider than the screen (a wide table scrolls in its own box). */
  void assertNoHorizontalScroll() {
    phone();
    try {
      // a page that follows the width (the charts) gets a moment to lay itself out again
      long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < settle && !"".equals(overflow())) sleep(100);
      assertEquals("", overflow(), "horizontal scrolling at " + PHONE_WIDTH + " px on " + path());
    } finally {
      desktop();
    }
  }

  /** Empty when the page fits its window, else how wide it is and the elements that stick out. */
  private Object overflow() {
    return driver.executeScript("var w = document.documentElement.clientWidth, out = [];"
        + "if (document.documentElement.scrollWidth <= w) return '';"
        + "document.querySelectorAll('body *').forEach(function (e) { var r = e.getBoundingClientRect();"
        + " if (r.right > w + 1) out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '') + ' ' + Math.round(r.right)); });"
        + "return 'page ' + document.documentElement.scrollWidth + ' px wide: ' + out.slice(0, 10).join(', ');");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code docs/console/<name>-desktop.png} and {@code <name>-phone.png} of the page as it is. */
  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      // after each change of width the charts take a moment to follow it
      desktop();
      sleep(300);
      save(name + "-desktop.png", DESKTOP_WIDTH, false);
      phone();
      sleep(300);
      save(name + "-phone.png", PHONE_WIDTH, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      desktop();
    }
  }

  /** The whole page (up to {@link #LONGEST_SHOT} pixels), not only the window's first screen. */
  private void save(String file, int width, boolean mobile) throws IOException {
    long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight;")).longValue();
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", Math.min(height, LONGEST_SHOT), "deviceScaleFactor", 1, "mobile", mobile));
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Path target = SCREENSHOTS.resolve(file);
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    // Selenium's temporary file is the owner's only; the documentation's pictures are for everyone.
    Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
  }

  /** Emulates the phone: a window cannot be made that narrow on every platform, the device metrics can. */
  private void phone() {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", PHONE_WIDTH, "height", PHONE_HEIGHT, "deviceScaleFactor", 1, "mobile", true));
  }

  private void desktop() {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", DESKTOP_WIDTH, "height", DESKTOP_HEIGHT, "deviceScaleFactor", 1, "mobile", false));
  }

  private static String axeSource() {
    String version;
    try (InputStream in = ConsoleBrowser.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
      if (in == null) throw new IllegalStateException("the axe-core WebJar is missing from the test classpath");
      Properties p = new Properties();
      p.load(in);
      version = p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String resource = "/META-INF/resources/webjars/axe-core/" + version + "/axe.min.js";
    try (InputStream in = ConsoleBrowser.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException(resource + " is missing from the axe-core WebJar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      node.close();
      db.close();
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temporary directory left behind
      }
    }
  }
}
