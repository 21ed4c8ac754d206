package chaupal.loadtest;

import java.util.List;

/**
 * A language a citizen picks with the language buttons, and what such a citizen then writes:
 * complaints, or questions the main menu answers (helpline, help, areas, their complaints), in the
 * words of that language's catalog.
 */
enum Language {
  EN("English", List.of(
      "Streetlight not working near the bus stand",
      "Garbage not collected for three days",
      "Pothole on Ward 12/B main road",
      "Water supply is irregular in our lane"),
      List.of("helpline", "help", "areas", "my complaints")),
  HI("हिन्दी", List.of(
      "बस स्टैंड के पास स्ट्रीट लाइट खराब है",
      "तीन दिन से कूड़ा नहीं उठाया गया",
      "वार्ड 12/B की मुख्य सड़क पर गड्ढा है",
      "हमारी गली में पानी की सप्लाई ठीक नहीं है"),
      List.of("हेल्पलाइन", "मदद", "शहर", "मेरी शिकायतें")),
  PA("ਪੰਜਾਬੀ", List.of(
      "ਬੱਸ ਅੱਡੇ ਕੋਲ ਸਟਰੀਟ ਲਾਈਟ ਖਰਾਬ ਹੈ",
      "ਤਿੰਨ ਦਿਨਾਂ ਤੋਂ ਕੂੜਾ ਨਹੀਂ ਚੁੱਕਿਆ ਗਿਆ",
      "ਵਾਰਡ 12/B ਦੀ ਮੁੱਖ ਸੜਕ ਤੇ ਟੋਆ ਹੈ",
      "ਸਾਡੀ ਗਲੀ ਵਿੱਚ ਪਾਣੀ ਦੀ ਸਪਲਾਈ ਠੀਕ ਨਹੀਂ"),
      List.of("ਹੈਲਪਲਾਈਨ", "ਮਦਦ", "ਸ਼ਹਿਰ", "ਮੇਰੀਆਂ ਸ਼ਿਕਾਇਤਾਂ"));

  private final String buttonTitle;
  private final List<String> complaints;
  private final List<String> questions;

  Language(String buttonTitle, List<String> complaints, List<String> questions) {
    this.buttonTitle = buttonTitle;
    this.complaints = complaints;
    this.questions = questions;
  }

  /** The reply-button id the bot offers for this language, e.g. {@code lang:hi}. */
  String buttonId() {
    return "language:" + name().toLowerCase(java.util.Locale.ROOT);
  }

  String buttonTitle() {
    return buttonTitle;
  }

  String complaint(long pick) {
    return complaints.get((int) Math.floorMod(pick, complaints.size()));
  }

  String question(long pick) {
    return questions.get((int) Math.floorMod(pick, questions.size()));
  }
}
