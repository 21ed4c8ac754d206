package chaupal.console;

import static chaupal.console.ConsoleBrowser.ADMIN_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** Signing in to the console in headless Chromium: wrong then right, a new password, Hindi, logout; accessible and phone-sized. */
class ConsoleLoginBrowserTest {

  static ConsoleBrowser browser;

  @BeforeAll
  static void start() {
    browser = ConsoleBrowser.start("console_login_browser");
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @Test
  void anOfficialSignsInChangesThePasswordSwitchesToHindiAndSignsOut() {
    browser.open("/console/password");
    browser.awaitPath("/console/login?next=");
    assertEquals("en", browser.find("html").getAttribute("lang"));
    browser.assertAccessible();
    browser.assertNoHorizontalScroll();
    browser.screenshot("login");

    browser.signIn("admin", "not the password");
    browser.awaitVisible("#login-error");
    assertTrue(browser.find("#login-error").getText().contains("Wrong username or password"));
    browser.assertAccessible();
    browser.assertNoHorizontalScroll();
    browser.screenshot("login-error");

    browser.signIn("Admin", ADMIN_PASSWORD);
    browser.awaitPath("/console/password");
    assertEquals("admin (state-admin)", browser.find("header .who").getText());
    browser.assertAccessible();
    browser.assertNoHorizontalScroll();

    String changed = "a new password for the browser test";
    browser.find("#current").sendKeys(ADMIN_PASSWORD);
    browser.find("#new").sendKeys(changed);
    browser.find("#repeat").sendKeys(changed);
    browser.find("form[action='/console/password'] button[type=submit]").click();
    browser.awaitPath("/console/password?changed=1");
    assertTrue(browser.find("main .alert.ok").getText().contains("Your password was changed"));
    browser.screenshot("password");

    new Select(browser.find("#top-lang")).selectByValue("hi");
    browser.find("form[action='/console/language'] button[type=submit]").click();
    browser.awaitVisible("html[lang=hi]");
    assertEquals("अपना पासवर्ड बदलें", browser.find("main h1").getText());
    browser.assertAccessible();
    browser.assertNoHorizontalScroll();

    browser.find("form[action='/console/logout'] button[type=submit]").click();
    browser.awaitPath("/console/login");
    assertEquals("hi", browser.find("html").getAttribute("lang"));
    browser.open("/console/password");
    browser.awaitPath("/console/login?next=");

    browser.signIn("admin", changed);
    browser.awaitPath("/console/");
  }
}
