package chaupal.conversation;

/**
 * Where one citizen stands in the conversation on one channel. Plain data: it is persisted inside
 * events and snapshots, so fields are only ever added (with a default), never renamed or removed.
 * The stage is a name rather than an enum so that a node that does not know a newer stage still
 * reads the state (it treats an unknown stage like the menu).
 *
 * @param stage where the citizen is: {@link #STAGE_NEW}, {@link #STAGE_LANGUAGE}, {@link #STAGE_MENU}
 * @param language the chosen language, null until the citizen has chosen one
 * @param privacyNoticeGiven whether this channel has shown the citizen its privacy notice
 */
public record ConversationState(String stage, String language, boolean privacyNoticeGiven) {

  /** Never seen on this channel. */
  public static final String STAGE_NEW = "new";

  /** Shown the language buttons, waiting for a choice. */
  public static final String STAGE_LANGUAGE = "choosing-language";

  /** Shown the main menu. */
  public static final String STAGE_MENU = "menu";

  /** A citizen never seen on this channel. */
  public static final ConversationState NEW = new ConversationState(STAGE_NEW, null, false);

  public ConversationState {
    if (stage == null || stage.isBlank()) stage = STAGE_NEW;
  }
}
