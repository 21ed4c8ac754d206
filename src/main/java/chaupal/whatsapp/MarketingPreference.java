package chaupal.whatsapp;

/**
 * One {@code user_preferences} item: the citizen stopped ({@code stop}) or resumed marketing
 * messages from this number in WhatsApp's "Offers and announcements" setting, at {@code atMillis}
 * (Meta's integer {@code timestamp}, in seconds).
 */
public record MarketingPreference(String waId, boolean stop, long atMillis) {}
