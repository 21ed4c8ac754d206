package chaupal.whatsapp;

/** Where a conversation came from when the citizen tapped a Click-to-WhatsApp ad or post ({@code messages[].referral}). */
public record Referral(String sourceType, String sourceId, String sourceUrl, String headline, String body, String ctwaClid) {}
