package chaupal.media;

import java.util.List;

/**
 * The attachments a journal event records: every inbound image, audio (voice note), video,
 * document or sticker message of a citizen. Must be a pure function of its arguments: the
 * projection may see an event again after a restart (a ref already recorded is skipped).
 */
public interface MediaSource {

  /** The media this event carries; empty for the (many) events without any. */
  List<MediaRef> mediaIn(Object event, String persistenceId);
}
