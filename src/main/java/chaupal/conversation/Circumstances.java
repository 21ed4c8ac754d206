package chaupal.conversation;

import java.util.List;

/**
 * What the engine knows besides the conversation, given by the citizen's entity each turn: the
 * time (the engine has no clock), the citizen's cases on this channel, and a reserved case number.
 *
 * @param nowMillis the time of the message
 * @param cases the citizen's cases on this channel, newest first (open and recently closed)
 * @param caseNumber a number reserved for this turn, or null. A turn that files a case without one
 *     says so ({@link Turn#needsCaseNumber()}): the entity reserves one and asks again with it.
 * @param consents the topics the citizen consented to on this channel, oldest first, ended ones included
 * @param profileName the name on the citizen's WhatsApp profile (the webhook's contacts[].profile.name), or null
 * @param askedCase the case whose official asked the citizen a question still unanswered, or null
 */
public record Circumstances(long nowMillis, List<CitizenCase> cases, String caseNumber, List<Consent> consents,
    String profileName, String askedCase) {

  public static final Circumstances NONE = new Circumstances(0, List.of(), null);

  public Circumstances {
    cases = cases == null ? List.of() : List.copyOf(cases);
    consents = consents == null ? List.of() : List.copyOf(consents);
  }

  /** Before consents, profile names and officials' questions. */
  public Circumstances(long nowMillis, List<CitizenCase> cases, String caseNumber) {
    this(nowMillis, cases, caseNumber, List.of(), null, null);
  }

  public Circumstances withCaseNumber(String number) {
    return new Circumstances(nowMillis, cases, number, consents, profileName, askedCase);
  }

  /**
   * A topic the citizen consented to on this channel: since when, how (chat, missed-call, web-form),
   * and whether it still holds; an ended one keeps why (stop-word, withdrawn, user-preferences,
   * meta-131050), so that START can bring back what STOP ended.
   */
  public record Consent(String topic, long sinceMillis, String source, boolean active, String endReason) {}

  /**
   * A case as the citizen's entity remembers it.
   *
   * @param status the case status key: registered, assigned, in-progress, resolved, rejected,
   *     closed-resolved, closed-rejected
   * @param note the last note an official left for the citizen (resolution note, rejection reason), or null
   */
  public record CitizenCase(
      String number,
      String category,
      String subType,
      String ulb,
      String department,
      String status,
      long filedAtMillis,
      long dueAtMillis,
      long updatedAtMillis,
      String note) {}
}
