package chaupal.console;

import static chaupal.console.ConsoleBrowser.ADMIN_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import chaupal.platform.TestNode;
import chaupal.simulator.Simulator;
import chaupal.simulator.phone.PhoneMessage;
import chaupal.simulator.phone.ReceivedSend;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;

/**
 * The console's scenarios in headless Chromium against a whole node: citizens file through the
 * simulator's signed webhooks, officials work the cases in the pages. One node for the class.
 */
class ConsoleScenarioBrowserTest {

  private static final String PUNJAB = "100000000000001";
  private static final Pattern CASE_NUMBER = Pattern.compile("[A-Z]{3}-\\d{2}-\\d{6}");
  private static final String HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)>";

  static ConsoleBrowser browser;
  static Simulator simulator;

  @BeforeAll
  static void start() {
    browser = ConsoleBrowser.start("console_scenario_browser");
    simulator = browser.node.simulator();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @Test
  void anOfficialFindsACitizensCaseAndResolvesItWithANoteAndAPhotoThatReachTheCitizen() throws Exception {
    String citizen = "919800010001";
    String number = file(citizen, "पानी नहीं आ रहा");
    signIn("admin", ADMIN_PASSWORD);

    browser.find("#f-q").sendKeys(number);
    browser.find("form.queue-filters button[type=submit]").click();
    browser.awaitVisible("#queue tr[data-number='" + number + "'] a");
    browser.find("#queue tr[data-number='" + number + "'] a").click();
    browser.awaitPath(CasePage.path(number));
    assertTrue(browser.find(".transcript").getText().contains("पानी नहीं आ रहा"), browser.find(".transcript").getText());

    String note = "Naya pipe daala gaya, supply chalu";
    browser.find("#resolve-note").sendKeys(note);
    browser.find("#resolve-photo").sendKeys(jpeg().toAbsolutePath().toString());
    // The preview is a blob: URL the page's CSP must allow; a refused one never loads (naturalWidth 0).
    browser.awaitVisible("#resolve-preview");
    browser.await(Duration.ofSeconds(10), "the photo's preview (a blob: URL) did not load; does img-src allow blob:?", d ->
        Boolean.TRUE.equals(browser.driver.executeScript("var p = document.getElementById('resolve-preview');"
            + "return p.src.indexOf('blob:') === 0 && p.complete && p.naturalWidth > 0;")));
    browser.assertCleanConsole();
    int before = simulator.received(PUNJAB, citizen).size();
    browser.find("#act-resolve button[type=submit]").click();
    browser.awaitPath(CasePage.path(number) + "?done=resolve");
    assertTrue(browser.find("main .flash").getText().contains("resolved"), browser.find("main .flash").getText());

    ReceivedSend told = awaitMessage(citizen, before, m -> m.text().contains(note), "the resolution's note");
    List<ReceivedSend> after = simulator.received(PUNJAB, citizen);
    ReceivedSend photo = awaitMessage(citizen, after.indexOf(told) + 1, m -> m.type().equals("image"), "the resolution's photo after its note");
    assertNotNull(photo.body().path("image").path("id").asText(null), photo.body().toString());
  }

  @Test
  void aNewCaseAppearsInTheOpenQueueWithoutReloadingAndTheBannerTellsWhenTheLiveConnectionDrops() {
    signIn("admin", ADMIN_PASSWORD);
    // The queue through a link the test can cut (the session cookie is the host's, whatever the port).
    try (DroppableLink link = new DroppableLink(java.net.URI.create(browser.url("/")).getPort())) {
      browser.driver.get("http://127.0.0.1:" + link.port() + "/console/");
      browser.awaitVisible("#queue");
      // A mark in the page's own window: a reload would clear it.
      browser.driver.executeScript("window.chaupalNotReloaded = true;");
      String number = file("919800010002", "सड़क पर कूड़ा पड़ा है, कोई उठाने नहीं आया");
      browser.awaitVisible("#queue tr[data-number='" + number + "'] a");
      assertNotReloaded();
      assertEquals(CasePage.path(number), browser.find("#queue tr[data-number='" + number + "'] a").getAttribute("pathname"));

      String paused = browser.find("#queue").getAttribute("data-paused");
      String back = browser.find("#queue").getAttribute("data-back");
      assertEquals("", browser.find("#queue-live-status").getText(), "no banner while connected");
      link.down();
      browser.await(Duration.ofSeconds(15), "the banner tells that the live connection dropped", d -> browser.find("#queue-live-status").getText().equals(paused));
      // What happens while the link is down comes once it is back.
      String during = file("919800010006", "नाली बंद है, पानी सड़क पर भर गया");
      link.up();
      browser.await(Duration.ofSeconds(30), "the banner tells that the live connection is back", d -> browser.find("#queue-live-status").getText().equals(back));
      browser.awaitVisible("#queue tr[data-number='" + during + "'] a");
      // (the cut stream's error in the browser's console is this test's doing, so it is not checked here)
      assertNotReloaded();
    }
  }

  private static void assertNotReloaded() {
    assertEquals(Boolean.TRUE, browser.driver.executeScript("return window.chaupalNotReloaded === true;"), "the queue was reloaded");
  }

  @Test
  void anOfficerOfOneUlbGetsTheSameNotFoundForAnotherUlbsCaseAsForNoCase() {
    String number = file("919800010003", "पानी नहीं आ रहा है दो दिन से");
    assertTrue(number.startsWith("JAL-"), number);
    signIn("admin", ADMIN_PASSWORD);
    addOfficial("officer.ludhiana", "ludhiana officer password", "department-officer", "pb.ludhiana");

    // The administrator sees the case; the Ludhiana officer must not learn that it exists.
    browser.open(CasePage.path(number));
    assertTrue(browser.find("main h1").getText().contains(number));
    signIn("officer.ludhiana", "ludhiana officer password");
    browser.open(CasePage.path(number));
    String elsewhere = browser.driver.getPageSource();
    long elsewhereStatus = status(CasePage.path(number));
    browser.open(CasePage.path("JAL-26-999999"));
    String nowhere = browser.driver.getPageSource();
    assertEquals(404, elsewhereStatus);
    assertEquals(404, status(CasePage.path("JAL-26-999999")));
    assertEquals(nowhere, elsewhere);
    assertFalse(elsewhere.contains(number), "the page names the case");
  }

  @Test
  void aCitizensScriptShowsAsTextOnTheCasePageAndInTheQueue() {
    String text = "पानी नहीं आ रहा " + HOSTILE;
    String number = file("919800010004", text);
    signIn("admin", ADMIN_PASSWORD);

    browser.open("/console/?q=" + number);
    browser.awaitVisible("#queue tr[data-number='" + number + "']");
    assertShownAsText("#queue tr[data-number='" + number + "']");
    browser.find("#queue tr[data-number='" + number + "'] a").click();
    browser.awaitPath(CasePage.path(number));
    assertShownAsText(".transcript");
  }

  @Test
  void theMainPagesAreAccessibleFitAPhoneDrawWithoutConsoleErrorsAndArePictured() {
    String number = file("919800010005", "गली की बत्ती तीन दिन से बंद है");
    signIn("admin", ADMIN_PASSWORD);
    // another account than one's own: its row has the forms to manage it
    addOfficial("observer.jalandhar", "jalandhar observer password", "observer", "pb.jalandhar");
    Map<String, String> pages = new java.util.LinkedHashMap<>();
    pages.put("queue", "/console/");
    pages.put("case", CasePage.path(number));
    pages.put("accountability", "/console/accountability");
    pages.put("officials", "/console/officials");
    pages.put("audit", "/console/audit");
    for (var page : pages.entrySet()) {
      browser.open(page.getValue());
      browser.awaitVisible("main h1");
      if (page.getKey().equals("accountability")) {
        // Both charts drawn by uPlot: the scripts ran under the CSP and the figures came.
        browser.await(Duration.ofSeconds(15), "the two accountability charts are drawn", d -> d.findElements(By.cssSelector("#accountability-charts .uplot canvas")).size() == 2);
      }
      browser.assertCleanConsole();
      browser.assertAccessible();
      browser.assertNoHorizontalScroll();
      browser.screenshot(page.getKey());
      browser.assertCleanConsole();
    }
  }

  // ---- the citizen's side ----

  /**
   * A citizen files a complaint whose first message is the problem itself, answering whatever the bot
   * asks (language, category, place, photo, summary); returns the case number of the acknowledgement.
   */
  private static String file(String citizen, String problem) {
    send(citizen, PhoneMessage.text(problem));
    int seen = 0;
    for (int step = 0; step < 12; step++) {
      List<ReceivedSend> all = awaitCount(citizen, seen + 1);
      ReceivedSend last = all.get(all.size() - 1);
      seen = all.size();
      Matcher found = CASE_NUMBER.matcher(last.text());
      if (found.find()) return found.group();
      String choice = last.choices().stream().map(ReceivedSend.Choice::id)
          .filter(id -> id.equals("language:hi") || id.startsWith("grievance.category:") || id.startsWith("grievance.subtype:") || id.equals("grievance.summary:confirm")
              || id.contains("skip"))
          .findFirst().orElse(null);
      if (choice != null) {
        tap(citizen, choice);
      } else if ("location_request_message".equals(last.interactiveType())) {
        send(citizen, new PhoneMessage.Location(31.326, 75.576, null, null));
      } else if (!last.choices().isEmpty() || last.type().equals("interactive")) {
        fail("the bot asks what the test does not answer: " + texts(all));
      } else {
        // a plain text (a notice before the question, or a question for words): wait for more, else describe again
        List<ReceivedSend> more = awaitCount(citizen, seen + 1, Duration.ofSeconds(3));
        if (more.size() == seen) send(citizen, PhoneMessage.text(problem));
      }
    }
    fail("no case number after 12 steps: " + texts(simulator.received(PUNJAB, citizen)));
    return null;
  }

  private static void send(String citizen, PhoneMessage message) {
    assertEquals(200, join(simulator.sendAsCitizen(PUNJAB, citizen, message)), "webhook for " + message);
  }

  private static void tap(String citizen, String choice) {
    assertEquals(200, join(simulator.tap(PUNJAB, citizen, choice)), "webhook for the tap on " + choice);
  }

  private static int join(java.util.concurrent.CompletionStage<Integer> status) {
    try {
      return status.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the webhook did not complete", e);
    }
  }

  private static List<ReceivedSend> awaitCount(String citizen, int count) {
    List<ReceivedSend> all = awaitCount(citizen, count, TestNode.patience());
    if (all.size() < count) fail("the phone has " + all.size() + " messages, expected " + count + ": " + texts(all));
    return all;
  }

  /** The citizen's messages once {@code count} arrived, or those there are after {@code patience}. */
  private static List<ReceivedSend> awaitCount(String citizen, int count, Duration patience) {
    try {
      return simulator.awaitReceived(PUNJAB, citizen, count, patience).toCompletableFuture().get(patience.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (Exception e) {
      return simulator.received(PUNJAB, citizen);
    }
  }

  private static ReceivedSend awaitMessage(String citizen, int after, Predicate<ReceivedSend> condition, String what) {
    long deadline = System.nanoTime() + TestNode.patience().toNanos();
    int seen = after;
    while (System.nanoTime() < deadline) {
      List<ReceivedSend> all = awaitCount(citizen, seen + 1, Duration.ofSeconds(2));
      for (int i = after; i < all.size(); i++) if (condition.test(all.get(i))) return all.get(i);
      seen = Math.max(seen, all.size());
    }
    fail("no " + what + " after message " + after + ": " + texts(simulator.received(PUNJAB, citizen)));
    return null;
  }

  private static String texts(List<ReceivedSend> messages) {
    return messages.stream().map(m -> "[" + m.type() + " " + m.interactiveType() + " " + m.choices().stream().map(ReceivedSend.Choice::id).toList()
        + "] " + m.text()).toList().toString();
  }

  // ---- the browser's side ----

  /** Signs in afresh as {@code username}, whoever was signed in, and lands on the queue. */
  private static void signIn(String username, String password) {
    browser.driver.manage().deleteAllCookies();
    // what an earlier test left in the browser's console (its 404 pages) is not this test's
    browser.driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER);
    browser.open("/console/login");
    browser.signIn(username, password);
    browser.awaitPath("/console/");
    browser.awaitVisible("main h1");
  }

  /** Adds an account through the officials page's form, as an administrator does. */
  private static void addOfficial(String username, String password, String role, String ulbs) {
    browser.open("/console/officials");
    String form = "form[action='/console/officials'] ";
    browser.find(form + "input[name=username]").sendKeys(username);
    browser.find(form + "input[name=password]").sendKeys(password);
    new org.openqa.selenium.support.ui.Select(browser.find(form + "select[name=role]")).selectByValue(role);
    browser.find(form + "input[name=ulbs]").sendKeys(ulbs);
    browser.find(form + "button[type=submit]").click();
    // the form is answered with a redirect to the list, which names the new account, or with the form and its error
    browser.await(Duration.ofSeconds(10), "the officials page answers the new account " + username, d ->
        (browser.path().startsWith("/console/officials?done=") && browser.find("main").getText().contains(username))
            || !d.findElements(By.cssSelector("main [role=alert]")).isEmpty());
    assertTrue(browser.driver.findElements(By.cssSelector("main [role=alert]")).isEmpty(), browser.find("main").getText());
  }

  /** The HTTP status of a console page fetched with the browser's own session. */
  private static long status(String path) {
    Object status = browser.driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "fetch(arguments[0], {credentials: 'same-origin'}).then(function (r) { done(r.status); }).catch(function (e) { done(-1); });", path);
    return ((Number) status).longValue();
  }

  /** The hostile words are in the element as text, no element of them was made, and no alert opened. */
  private static void assertShownAsText(String css) {
    assertTrue(browser.find(css).getText().contains(HOSTILE), browser.find(css).getText());
    assertEquals(0L, browser.driver.executeScript("return document.querySelectorAll(arguments[0] + ' script, ' + arguments[0] + ' img').length;", css));
    assertEquals(0L, browser.driver.executeScript("return document.querySelectorAll('img[src=x], script:not([src])').length;"));
    assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert());
  }

  /** A small real JPEG (a photo of the repaired spot, as far as the test cares). */
  private static Path jpeg() {
    try {
      BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(new Color(0x2e7d32));
      g.fillRect(0, 0, 64, 48);
      g.setColor(Color.WHITE);
      g.fillOval(16, 8, 32, 32);
      g.dispose();
      Path file = Files.createTempFile("chaupal-resolution", ".jpg");
      file.toFile().deleteOnExit();
      if (!ImageIO.write(image, "jpg", file.toFile())) throw new IllegalStateException("no JPEG writer in this Java");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
