package chaupal.conversation;

import chaupal.tenancy.Catalog;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Tenant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * How the bot speaks on a channel, with its tenant, in one language. Fills every text with the
 * placeholders all catalog texts may use ({tenant}, {helpline}, {privacy_email} ...). Immutable in
 * what it says, so one voice serves every turn on its channel and language ({@link Voices}).
 */
final class Voice {

  private final Directory directory;
  private final Channel channel;
  private final Tenant tenant;
  private final String language;
  private final Catalog catalog;
  private final Map<String, String> params;
  private final Voices voices;
  /** What {@link #once} made: texts without parameters of their own, the menu's rows. */
  private final Map<Object, Object> made = new ConcurrentHashMap<>();

  Voice(Directory directory, Channel channel, Tenant tenant, String language) {
    this(directory, channel, tenant, language, null);
  }

  /** A voice whose other languages {@code voices} (when not null) has made already. */
  Voice(Directory directory, Channel channel, Tenant tenant, String language, Voices voices) {
    this.directory = directory;
    this.channel = channel;
    this.tenant = tenant;
    this.language = language;
    this.voices = voices;
    this.catalog = directory.catalog(tenant.id(), language);
    this.params =
        Map.of(
            "tenant", tenant.name().in(language),
            "helpline", tenant.helpline().phone(),
            "helpline_email", tenant.helpline().email(),
            "helpline_hours", tenant.helpline().hours().in(language),
            "privacy_office", tenant.privacy().office().in(language),
            "privacy_email", tenant.privacy().email(),
            "months", Integer.toString(tenant.privacy().retentionMonths()),
            "languages", languageNames());
  }

  /** The same channel and tenant in another language. */
  Voice in(String otherLanguage) {
    if (otherLanguage.equals(language)) return this;
    return voices != null ? voices.of(channel, otherLanguage) : new Voice(directory, channel, tenant, otherLanguage);
  }

  Directory directory() {
    return directory;
  }

  Channel channel() {
    return channel;
  }

  Tenant tenant() {
    return tenant;
  }

  String language() {
    return language;
  }

  /** The catalog's text; one without parameters of its own is the same every time, so it is filled once. */
  String text(String key) {
    return once(key, () -> catalog.text(key, params));
  }

  String text(String key, Map<String, String> extra) {
    if (extra.isEmpty()) return text(key);
    Map<String, String> all = new HashMap<>(params);
    all.putAll(extra);
    return catalog.text(key, all);
  }

  /**
   * What {@code make} makes of this voice alone, made once per {@code key}: a text's key (a
   * string) or a menu's entries (a list), so the same key always makes the same kind of thing.
   */
  @SuppressWarnings("unchecked")
  <T> T once(Object key, Supplier<T> make) {
    Object known = made.get(key);
    if (known == null) {
      known = make.get();
      made.put(key, known);
    }
    return (T) known;
  }

  /** A word list of this language's catalog (month names, the words for yes). */
  java.util.List<String> words(String key) {
    return catalog.words(key);
  }

  /** A language's own name ("हिंदी"), as its button shows it. */
  String nameOf(String otherLanguage) {
    return directory.catalog(tenant.id(), otherLanguage).text("language.name");
  }

  /** This channel's languages by their own names: "English, हिंदी, ਪੰਜਾਬੀ". */
  private String languageNames() {
    return channel.languages().stream().map(this::nameOf).collect(Collectors.joining(", "));
  }
}
