package chaupal.cases;

import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an official with a WhatsApp number is told when a case becomes theirs (assigned to them, or
 * escalated to them): free-form inside their window, the channel's case-update template outside
 * it, in the channel's first language. Texts come from the catalogs ({@code official.case-assigned},
 * {@code official.case-escalated}).
 */
public record AssigneeNotice(String text, Channel.Template template, List<String> parameters) {

  /** The catalog keys the case part reads (the catalogs hold these and the conversation's, nothing else). */
  public static final java.util.Set<String> TEXT_KEYS = java.util.Set.of("official.case-assigned", "official.case-escalated");

  private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("d MMM, HH:mm", Locale.ENGLISH).withZone(Case.ZONE);

  /** The notice for this change, if it gives the case to an official who has a WhatsApp number. */
  public static Optional<AssigneeNotice> of(Directory directory, CaseChange change) {
    if (change.assigneeWhatsapp() == null || !("assigned".equals(change.step()) || "escalated".equals(change.step())
        || "registered".equals(change.step()) || "reopened".equals(change.step()))) {
      return Optional.empty();
    }
    Optional<Channel> channel = directory.channel(change.channelId());
    if (channel.isEmpty()) return Optional.empty();
    String language = channel.get().defaultLanguage();
    String due = DUE.format(Instant.ofEpochMilli(change.dueAtMillis()));
    String place = change.ulb() == null ? "" : directory.ulb(change.ulb()).map(u -> u.name(language)).orElse(change.ulb());
    String category = directory.categories(change.tenant()).stream().filter(c -> c.id().equals(change.category()))
        .findFirst().map(c -> c.name().in(language)).orElse(String.valueOf(change.category()));
    Map<String, String> values = Map.of("case_number", change.number(), "category", category,
        "place", place, "due", due, "level", Integer.toString(change.level()));
    String key = "escalated".equals(change.step()) ? "official.case-escalated" : "official.case-assigned";
    String text = directory.catalog(language).text(key, values);
    Optional<Channel.Template> template = channel.get().template("case-update", language);
    List<String> parameters = template.map(t -> t.parameters().stream()
        .map(name -> switch (name) {
          case "case_number" -> change.number();
          case "status" -> "escalated".equals(change.step()) ? "escalated to you" : "assigned to you";
          default -> place + ", due " + due;
        }).toList()).orElse(List.of());
    return Optional.of(new AssigneeNotice(text, template.orElse(null), parameters));
  }
}
