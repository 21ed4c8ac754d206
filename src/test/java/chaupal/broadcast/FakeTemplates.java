package chaupal.broadcast;

import chaupal.outbound.SyncedTemplate;
import chaupal.outbound.TemplateRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Templates as a test says Meta has them, changeable while a campaign runs. */
final class FakeTemplates implements TemplateRegistry {

  private final Map<String, SyncedTemplate> byKey = new ConcurrentHashMap<>();

  FakeTemplates put(String channel, String name, String code, String category, String status, int parameters, String header) {
    byKey.put(channel + "/" + name + "/" + code,
        new SyncedTemplate("waba-1", name, code, category, status, "GREEN", parameters, header, "body", null, Instant.EPOCH));
    return this;
  }

  @Override
  public Optional<SyncedTemplate> find(String channelId, String name, String languageCode) {
    return Optional.ofNullable(byKey.get(channelId + "/" + name + "/" + languageCode));
  }

  @Override
  public List<SyncedTemplate> of(String channelId) {
    return byKey.entrySet().stream().filter(e -> e.getKey().startsWith(channelId + "/")).map(Map.Entry::getValue).toList();
  }
}
