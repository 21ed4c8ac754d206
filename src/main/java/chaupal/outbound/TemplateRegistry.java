package chaupal.outbound;

import java.util.List;
import java.util.Optional;

/**
 * The templates of each channel's business account as last synced from Meta. Nothing is scheduled
 * on a template that is not approved for that language: campaigns ask before each batch, notifications
 * before they are queued.
 */
public interface TemplateRegistry {

  /** Knows no template: every template send goes to Meta, which decides. */
  TemplateRegistry NONE = new TemplateRegistry() {
    @Override
    public Optional<SyncedTemplate> find(String channelId, String name, String languageCode) {
      return Optional.empty();
    }

    @Override
    public List<SyncedTemplate> of(String channelId) {
      return List.of();
    }
  };

  /** The template's language variant on the channel's business account, whatever its status. */
  Optional<SyncedTemplate> find(String channelId, String name, String languageCode);

  /** Every template variant of the channel's business account, by name then language. */
  List<SyncedTemplate> of(String channelId);

  default boolean approved(String channelId, String name, String languageCode) {
    return find(channelId, name, languageCode).map(SyncedTemplate::approved).orElse(false);
  }
}
