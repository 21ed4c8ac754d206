package chaupal.outbound;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Directory;
import chaupal.whatsapp.CloudTemplates;
import chaupal.whatsapp.MessageTemplate;
import chaupal.whatsapp.TemplateChange;
import chaupal.whatsapp.TemplateChange.Kind;
import chaupal.whatsapp.TemplatePage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The book reads Meta's list page by page and follows the template webhooks, never backwards. */
class TemplateBookTest {

  private static final Directory DIRECTORY = Directory.load(Path.of(Directory.DEFAULT_CONFIG_DIR));
  /** Punjab mSewa, on business account 200000000000001. */
  private static final String PUNJAB = "100000000000001";
  private static final String WABA = "200000000000001";
  private static final Instant SYNCED = Instant.parse("2026-01-01T10:00:00Z");
  private static Database db;
  private static ExecutorService executor;

  /** Meta's list: 230 templates in pages of 100, counting the calls. */
  private static final class Meta implements CloudTemplates {
    final List<MessageTemplate> templates = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public CompletionStage<TemplatePage> templates(String wabaId, String after, int limit) {
      calls.incrementAndGet();
      if (!wabaId.equals(WABA)) return CompletableFuture.completedFuture(new TemplatePage(List.of(), null, 0));
      int from = after == null ? 0 : Integer.parseInt(after);
      int to = Math.min(templates.size(), from + limit);
      return CompletableFuture.completedFuture(new TemplatePage(templates.subList(from, to), to < templates.size() ? Integer.toString(to) : null, 0));
    }
  }

  private Meta meta;
  private TemplateBook book;

  @BeforeAll
  static void start() {
    db = TestDatabase.create("template_book");
    executor = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stop() {
    executor.shutdownNow();
    db.close();
  }

  @BeforeEach
  void fresh() {
    try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM outbound_template");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    meta = new Meta();
    meta.templates.add(new MessageTemplate("chaupal_case_update", "hi", "APPROVED", "UTILITY", "GREEN", null, null, "मामला {{1}}", 1));
    for (int i = 0; i < 229; i++) {
      meta.templates.add(new MessageTemplate(String.format("scheme_%03d", i), "en_US", "APPROVED", "MARKETING", "GREEN", null, "IMAGE", "Scheme {{1}} {{2}}", 2));
    }
    book = new TemplateBook(DIRECTORY, db.dataSource(), executor, meta, Clock.fixed(SYNCED, ZoneOffset.UTC), 100);
  }

  private void sync() {
    assertEquals(230, book.syncAll().toCompletableFuture().join());
  }

  private void apply(TemplateChange change) {
    book.apply(List.of(change), SYNCED).toCompletableFuture().join();
  }

  private static TemplateChange status(String event, Instant at) {
    return new TemplateChange(Kind.STATUS, WABA, "1", "chaupal_case_update", "hi", at, event, null, null, null, null);
  }

  @Test
  void readsEveryPage() {
    sync();
    assertEquals(3 + 4, meta.calls.get(), "pages of 100, 100 and 30, and one empty page for each of the four other accounts");
    List<SyncedTemplate> all = book.of(PUNJAB);
    assertEquals(230, all.size());
    assertEquals("chaupal_case_update", all.get(0).name());
    SyncedTemplate last = book.find(PUNJAB, "scheme_228", "en-US").orElseThrow();
    assertEquals(2, last.bodyParameters());
    assertEquals("IMAGE", last.headerFormat());
    assertTrue(book.approved(PUNJAB, "chaupal_case_update", "hi"));
    assertTrue(book.of("100000000000002").isEmpty(), "Gariaband's account has none");
  }

  @Test
  void eachWebhookKindUpdatesTheBook() {
    sync();
    apply(status("PAUSED", SYNCED.plusSeconds(60)));
    SyncedTemplate paused = book.find(PUNJAB, "chaupal_case_update", "hi").orElseThrow();
    assertEquals("PAUSED", paused.status());
    assertFalse(book.approved(PUNJAB, "chaupal_case_update", "hi"));
    apply(new TemplateChange(Kind.QUALITY, WABA, "1", "chaupal_case_update", "hi", SYNCED.plusSeconds(70), null, null, "RED", null, null));
    apply(new TemplateChange(Kind.CATEGORY, WABA, "1", "chaupal_case_update", "hi", SYNCED.plusSeconds(80), null, null, null, "MARKETING", null));
    SyncedTemplate changed = book.find(PUNJAB, "chaupal_case_update", "hi").orElseThrow();
    assertEquals("RED", changed.quality());
    assertEquals("MARKETING", changed.category());
    assertEquals("PAUSED", changed.status());
    apply(status("REINSTATED", SYNCED.plusSeconds(90)));
    assertTrue(book.approved(PUNJAB, "chaupal_case_update", "hi"));
  }

  @Test
  void anOlderWebhookDoesNotMoveTheTemplateBack() {
    sync();
    apply(status("DISABLED", SYNCED.plusSeconds(120)));
    apply(status("APPROVED", SYNCED.plusSeconds(60)));
    assertEquals("DISABLED", book.find(PUNJAB, "chaupal_case_update", "hi").orElseThrow().status());
    apply(status("APPROVED", SYNCED.minusSeconds(1)));
    assertEquals("DISABLED", book.find(PUNJAB, "chaupal_case_update", "hi").orElseThrow().status(), "older than the sync, too");
  }

  @Test
  void aWebhookForATemplateNotYetReadReadsTheAccountAgain() throws Exception {
    apply(status("APPROVED", SYNCED));
    for (int i = 0; i < 100 && book.of(PUNJAB).size() < 230; i++) Thread.sleep(50);
    assertEquals(230, book.of(PUNJAB).size());
  }

  @Test
  void aTemplateMetaNoLongerListsIsMarkedDeleted() {
    sync();
    meta.templates.remove(0);
    book = new TemplateBook(DIRECTORY, db.dataSource(), executor, meta, Clock.fixed(SYNCED.plusSeconds(3600), ZoneOffset.UTC), 100);
    assertEquals(229, book.syncAll().toCompletableFuture().join());
    assertEquals("DELETED", book.find(PUNJAB, "chaupal_case_update", "hi").orElseThrow().status());
  }
}
