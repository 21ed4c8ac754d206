package chaupal.outbound;

import akka.Done;
import akka.actor.typed.ActorSystem;
import chaupal.Setting;
import chaupal.db.BlockingSql;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import chaupal.whatsapp.CloudTemplates;
import chaupal.whatsapp.MessageTemplate;
import chaupal.whatsapp.TemplateChange;
import chaupal.whatsapp.TemplatePage;
import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TemplateRegistry} of a deployment: {@code outbound_template} holds every channel's
 * business account templates, read from Meta ({@link #syncAll}) and kept current by the template
 * webhooks ({@link #apply}); each node answers from its own copy of the table, read again every few
 * seconds, so every node of a cluster says the same within that time. A write with an older time
 * than the row's changes nothing: a late webhook never moves a template back.
 */
public final class TemplateBook implements TemplateRegistry {

  private static final Logger log = LoggerFactory.getLogger(TemplateBook.class);
  private static final int MAX_PAGES = 1_000;
  private static final Comparator<SyncedTemplate> ORDER =
      Comparator.comparing(SyncedTemplate::name).thenComparing(SyncedTemplate::languageCode);

  private final Directory directory;
  private final DataSource dataSource;
  private final Executor blocking;
  private final CloudTemplates cloud;
  private final Clock clock;
  private final int pageSize;
  /** By WABA id, in name then language order; replaced whole on each read of the table. */
  private volatile Map<String, List<SyncedTemplate>> view = Map.of();

  public TemplateBook(Directory directory, DataSource dataSource, Executor blocking, CloudTemplates cloud, Clock clock, int pageSize) {
    this.directory = directory;
    this.dataSource = dataSource;
    this.blocking = blocking;
    this.cloud = cloud;
    this.clock = clock;
    this.pageSize = pageSize;
  }

  /**
   * Reads {@code chaupal.templates}, loads the table and reads it again every {@code refresh-every};
   * {@link #syncAtStart} then reads Meta's (a failure is logged; the table keeps serving).
   */
  public static TemplateBook init(ActorSystem<?> system, Directory directory, DataSource dataSource, CloudTemplates cloud) {
    Config c = system.settings().config().getConfig("chaupal.templates");
    Duration every = Setting.duration(c, "refresh-every", "CHAUPAL_TEMPLATES_REFRESH_EVERY");
    int pageSize = Setting.intIn(c, "page-size", "chaupal.templates.page-size", 1, 1000, "a number of templates");
    TemplateBook book = new TemplateBook(directory, dataSource, BlockingSql.executor(system), cloud, Clock.systemUTC(), pageSize);
    book.refresh().toCompletableFuture().join();
    akka.actor.Cancellable refreshing = system.scheduler().scheduleWithFixedDelay(every, every, () -> book.refresh().whenComplete((d, e) -> {
      if (e != null) log.warn("templates: could not read outbound_template again: {}", e.toString());
    }), system.executionContext());
    // The database closes at the end of the shutdown: stop reading it before.
    akka.actor.CoordinatedShutdown.get(system).addTask(akka.actor.CoordinatedShutdown.PhaseServiceUnbind(), "templates-refresh",
        () -> {
          refreshing.cancel();
          return CompletableFuture.completedFuture(akka.Done.getInstance());
        });
    return book;
  }

  /** Reads every channel's business account from Meta, with a few tries; call it once Meta (or the simulator) can answer. */
  public void syncAtStart(ActorSystem<?> system) {
    syncAtStart(system, this, 1);
  }

  private static final int START_SYNC_ATTEMPTS = 5;
  private static final Duration START_SYNC_RETRY = Duration.ofSeconds(3);

  // Meta (or the simulator, served by this same process once its port is bound) may not answer yet: a few tries.
  private static void syncAtStart(ActorSystem<?> system, TemplateBook book, int attempt) {
    book.syncAll().whenComplete((n, e) -> {
      if (e == null) {
        log.info("templates: {} read from Meta", n);
      } else if (attempt < START_SYNC_ATTEMPTS) {
        system.scheduler().scheduleOnce(START_SYNC_RETRY, () -> syncAtStart(system, book, attempt + 1), system.executionContext());
      } else {
        log.warn("templates: not read from Meta at start ({} tries), serving what the table has: {}", attempt,
            rootCause(e).getMessage());
      }
    });
  }

  // ---- TemplateRegistry ------------------------------------------------------------------------------

  @Override
  public Optional<SyncedTemplate> find(String channelId, String name, String languageCode) {
    String key = MessageTemplate.languageKey(languageCode);
    return of(channelId).stream().filter(t -> t.name().equals(name) && t.languageCode().equals(key)).findFirst();
  }

  @Override
  public List<SyncedTemplate> of(String channelId) {
    return directory.channel(channelId).map(Channel::wabaId).map(waba -> view.getOrDefault(waba, List.of())).orElse(List.of());
  }

  // ---- from Meta -------------------------------------------------------------------------------------

  /** Reads every channel's business account from Meta; completes with how many templates were read. */
  public CompletionStage<Integer> syncAll() {
    Set<String> accounts = new LinkedHashSet<>();
    for (Channel channel : directory.channels()) if (channel.wabaId() != null) accounts.add(channel.wabaId());
    CompletionStage<Integer> total = CompletableFuture.completedFuture(0);
    for (String waba : accounts) total = total.thenCompose(sum -> sync(waba).thenApply(n -> sum + n));
    return total;
  }

  /**
   * Reads one business account's templates, page after page, and stores them as of the time each page
   * was read. Once the whole list is read, a stored template Meta no longer lists is marked DELETED.
   */
  public CompletionStage<Integer> sync(String wabaId) {
    Instant started = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    return page(wabaId, null, 0, 0).thenCompose(n -> BlockingSql.run(dataSource, blocking, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE outbound_template SET status = 'DELETED', reason = 'no longer listed by Meta', "
          + "updated_at = ? WHERE waba_id = ? AND updated_at < ? AND status <> 'DELETED'")) {
        ps.setTimestamp(1, Timestamp.from(clock.instant()));
        ps.setString(2, wabaId);
        ps.setTimestamp(3, Timestamp.from(started));
        ps.executeUpdate();
      }
      return n;
    })).thenCompose(n -> refresh().thenApply(d -> {
      log.info("templates: read {} of WhatsApp Business Account {} from Meta", n, wabaId);
      return n;
    }));
  }

  private CompletionStage<Integer> page(String wabaId, String after, int pages, int read) {
    if (pages >= MAX_PAGES) {
      return CompletableFuture.failedFuture(new IllegalStateException("more than " + MAX_PAGES + " pages of templates for " + wabaId));
    }
    // Webhooks carry whole seconds: a read is stored at its second, so a webhook of that same second still applies.
    return cloud.templates(wabaId, after, pageSize).thenCompose(page -> store(wabaId, page,
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).thenCompose(d ->
        page.after() == null ? CompletableFuture.completedFuture(read + page.templates().size())
            : page(wabaId, page.after(), pages + 1, read + page.templates().size())));
  }

  private CompletionStage<Done> store(String wabaId, TemplatePage page, Instant at) {
    if (page.templates().isEmpty()) return CompletableFuture.completedFuture(Done.getInstance());
    return BlockingSql.run(dataSource, blocking, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbound_template (waba_id, name, language, category, status, quality, "
          + "body_parameters, header_format, body_text, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          + "ON CONFLICT (waba_id, name, language) DO UPDATE SET category = EXCLUDED.category, status = EXCLUDED.status, "
          + "quality = EXCLUDED.quality, body_parameters = EXCLUDED.body_parameters, header_format = EXCLUDED.header_format, "
          + "body_text = EXCLUDED.body_text, reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at "
          + "WHERE outbound_template.updated_at <= EXCLUDED.updated_at")) {
        for (MessageTemplate t : page.templates()) {
          ps.setString(1, wabaId);
          ps.setString(2, t.name());
          ps.setString(3, clip(t.language(), 16));
          ps.setString(4, clip(t.category(), 32));
          ps.setString(5, t.status() == null ? "UNKNOWN" : clip(t.status(), 32));
          ps.setString(6, clip(t.qualityScore(), 16));
          ps.setInt(7, t.bodyParameters());
          ps.setString(8, clip(t.headerFormat(), 16));
          ps.setString(9, t.bodyText());
          ps.setString(10, clip(t.rejectedReason(), 512));
          ps.setTimestamp(11, Timestamp.from(at));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return Done.getInstance();
    });
  }

  // ---- from the webhooks -----------------------------------------------------------------------------

  /**
   * Applies template webhooks in body order, each as of its entry's time ({@code receivedAt} when it
   * has none). A change for a template the table does not hold yet (created since the last sync)
   * reads that business account from Meta again, so a new template shows up at once, whole.
   */
  public CompletionStage<Done> apply(List<TemplateChange> changes, Instant receivedAt) {
    if (changes.isEmpty()) return CompletableFuture.completedFuture(Done.getInstance());
    return BlockingSql.run(dataSource, blocking, c -> {
      Set<String> unknownAccounts = new LinkedHashSet<>();
      for (TemplateChange change : changes) {
        if (update(c, change, change.time() != null ? change.time() : receivedAt) == 0 && !known(c, change)) {
          unknownAccounts.add(change.wabaId());
        }
      }
      return unknownAccounts;
    }).thenCompose(unknown -> {
      for (String waba : unknown) {
        sync(waba).whenComplete((n, e) -> {
          if (e != null) log.warn("templates: a webhook named a template not yet read; reading {} failed: {}", waba, rootCause(e).getMessage());
        });
      }
      return refresh();
    });
  }

  /** One change as an UPDATE guarded by the row's time; 0 when the row is missing or newer. */
  private static int update(Connection c, TemplateChange change, Instant at) throws SQLException {
    List<Object> values = new ArrayList<>();
    String set;
    switch (change.kind()) {
      case QUALITY -> {
        set = "quality = ?";
        values.add(change.quality());
      }
      case CATEGORY -> {
        set = "category = ?";
        values.add(change.category());
      }
      default -> {
        String status = statusAfter(change.event());
        // FLAGGED and the like warn without changing what may be sent: the status stays, the reason says it.
        set = (status == null ? "" : "status = ?, ") + "reason = ?" + (change.category() == null ? "" : ", category = ?");
        if (status != null) values.add(status);
        values.add(status != null && status.equals("APPROVED") ? null : clip(reasonOf(change), 512));
        if (change.category() != null) values.add(change.category());
      }
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE outbound_template SET " + set + ", updated_at = ? "
        + "WHERE waba_id = ? AND name = ? AND language = ? AND updated_at <= ?")) {
      int i = 1;
      for (Object v : values) ps.setObject(i++, v);
      ps.setTimestamp(i++, Timestamp.from(at));
      ps.setString(i++, change.wabaId());
      ps.setString(i++, change.name());
      ps.setString(i++, change.language());
      ps.setTimestamp(i, Timestamp.from(at));
      return ps.executeUpdate();
    }
  }

  private static boolean known(Connection c, TemplateChange change) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM outbound_template WHERE waba_id = ? AND name = ? AND language = ?")) {
      ps.setString(1, change.wabaId());
      ps.setString(2, change.name());
      ps.setString(3, change.language());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The status a status webhook's event leaves the template in; null when the event does not change it. */
  static String statusAfter(String event) {
    return switch (event) {
      case "APPROVED", "REINSTATED" -> "APPROVED";
      case "FLAGGED", "LOCKED", "LIMIT_EXCEEDED" -> null;
      default -> event;
    };
  }

  private static String reasonOf(TemplateChange change) {
    if (statusAfter(change.event()) == null) return change.event() + (change.reason() == null ? "" : " " + change.reason());
    return change.reason() != null ? change.reason() : change.event();
  }

  // ---- the view --------------------------------------------------------------------------------------

  /** Reads the whole table into this node's view. */
  public CompletionStage<Done> refresh() {
    return BlockingSql.run(dataSource, blocking, c -> {
      Map<String, List<SyncedTemplate>> byAccount = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT waba_id, name, language, category, status, quality, body_parameters, "
          + "header_format, body_text, reason, updated_at FROM outbound_template");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          SyncedTemplate t = new SyncedTemplate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getTimestamp(11).toInstant());
          byAccount.computeIfAbsent(t.wabaId(), k -> new ArrayList<>()).add(t);
        }
      }
      Map<String, List<SyncedTemplate>> sorted = new HashMap<>();
      byAccount.forEach((waba, list) -> sorted.put(waba, list.stream().sorted(ORDER).toList()));
      view = Map.copyOf(sorted);
      return Done.getInstance();
    });
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  static Throwable rootCause(Throwable e) {
    while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
