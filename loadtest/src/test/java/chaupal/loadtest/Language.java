package chaupal.loadtest;

import java.util.List;

/** A language a citizen picks with the language buttons, and what such a citizen then writes. */
enum Language {
  EN("English", List.of(
      "Streetlight not working near the bus stand",
      "Garbage not collected for three days",
      "Pothole on Ward 12/B main road",
      "Water supply is irregular in our lane")),
  HI("हिन्दी", List.of(
      "बस स्टैंड के पास स्ट्रीट लाइट खराब है",
      "तीन दिन से कूड़ा नहीं उठाया गया",
      "वार्ड 12/B की मुख्य सड़क पर गड्ढा है",
      "हमारी गली में पानी की सप्लाई ठीक नहीं है")),
  PA("ਪੰਜਾਬੀ", List.of(
      "ਬੱਸ ਅੱਡੇ ਕੋਲ ਸਟਰੀਟ ਲਾਈਟ ਖਰਾਬ ਹੈ",
      "ਤਿੰਨ ਦਿਨਾਂ ਤੋਂ ਕੂੜਾ ਨਹੀਂ ਚੁੱਕਿਆ ਗਿਆ",
      "ਵਾਰਡ 12/B ਦੀ ਮੁੱਖ ਸੜਕ ਤੇ ਟੋਆ ਹੈ",
      "ਸਾਡੀ ਗਲੀ ਵਿੱਚ ਪਾਣੀ ਦੀ ਸਪਲਾਈ ਠੀਕ ਨਹੀਂ"));

  private final String buttonTitle;
  private final List<String> complaints;

  Language(String buttonTitle, List<String> complaints) {
    this.buttonTitle = buttonTitle;
    this.complaints = complaints;
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
}
