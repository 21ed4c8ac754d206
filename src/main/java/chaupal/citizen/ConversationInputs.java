package chaupal.citizen;

import chaupal.conversation.Input;
import chaupal.conversation.Reply;
import java.util.List;

/** Between the journal's stable records and the conversation engine's types. */
final class ConversationInputs {

  private ConversationInputs() {}

  static Input of(CitizenMessage m) {
    if (m.choiceId() != null) return new Input.Choice(m.choiceId(), m.choiceTitle() == null ? "" : m.choiceTitle());
    if ("text".equals(m.kind()) && m.text() != null) return new Input.Text(m.text());
    if ("location".equals(m.kind()) && m.latitude() != null && m.longitude() != null) {
      return new Input.Location(m.latitude(), m.longitude(), m.placeName(), m.placeAddress());
    }
    if (m.mediaId() != null) return new Input.Media(m.kind(), m.mediaId(), m.mimeType(), m.caption());
    return new Input.Other(m.kind());
  }

  static List<QueuedReply> queued(List<Reply> replies) {
    return replies.stream().map(ConversationInputs::queued).toList();
  }

  private static QueuedReply queued(Reply r) {
    if (r instanceof Reply.TextReply t) {
      return new QueuedReply(QueuedReply.TEXT, null, t.body(), null, null, List.of());
    }
    if (r instanceof Reply.ButtonsReply b) {
      return new QueuedReply(QueuedReply.BUTTONS, b.header(), b.body(), b.footer(), null,
          List.of(new QueuedReply.Section(null, options(b.options()))));
    }
    if (r instanceof Reply.ListReply l) {
      return new QueuedReply(QueuedReply.LIST, l.header(), l.body(), l.footer(), l.buttonLabel(),
          l.sections().stream().map(s -> new QueuedReply.Section(s.title(), options(s.rows()))).toList());
    }
    if (r instanceof Reply.LocationRequestReply lr) {
      return new QueuedReply(QueuedReply.LOCATION_REQUEST, null, lr.body(), null, null, List.of());
    }
    throw new IllegalArgumentException("unknown reply " + r.getClass().getName());
  }

  private static List<QueuedReply.Option> options(List<Reply.Option> options) {
    return options.stream().map(o -> new QueuedReply.Option(o.id(), o.title(), o.description())).toList();
  }
}
