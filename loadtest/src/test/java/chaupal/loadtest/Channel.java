package chaupal.loadtest;

import java.util.List;

/**
 * A WhatsApp business number Chaupal serves in its default configuration. Webhooks are routed by
 * {@code phoneNumberId}; the WABA id only fills {@code entry[].id} and is not used for routing.
 */
record Channel(String phoneNumberId, String displayPhoneNumber, String wabaId, List<Language> languages) {

  static final List<Channel> ALL = List.of(
      new Channel("100000000000001", "910000000001", "200000000000001",
          List.of(Language.EN, Language.HI, Language.PA)),
      new Channel("100000000000002", "910000000002", "200000000000002",
          List.of(Language.EN, Language.HI)),
      new Channel("100000000000004", "910000000004", "200000000000004",
          List.of(Language.EN, Language.HI)),
      new Channel("100000000000005", "910000000005", "200000000000005",
          List.of(Language.EN, Language.HI)),
      new Channel("100000000000003", "910000000003", "200000000000003",
          List.of(Language.EN, Language.HI)));
}
