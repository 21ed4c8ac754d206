package chaupal.platform;

import chaupal.citizen.Citizen;
import chaupal.media.MediaKind;
import chaupal.media.MediaRef;
import chaupal.media.MediaSource;
import java.util.List;

/** Where a citizen's events meet the media part: every photo, voice note, video or document they sent. */
final class CitizenMedia implements MediaSource {

  @Override
  public List<MediaRef> mediaIn(Object event, String persistenceId) {
    if (!(event instanceof Citizen.MessageReceived r) || r.message().mediaId() == null) return List.of();
    return MediaKind.ofMessageType(r.message().kind())
        .map(kind -> List.of(new MediaRef(r.message().channelId(), r.message().mediaId(), r.message().mimeType(), kind,
            CitizenFilings.citizenOf(persistenceId))))
        .orElse(List.of());
  }
}
