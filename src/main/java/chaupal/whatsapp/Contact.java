package chaupal.whatsapp;

/**
 * A {@code value.contacts[]} item: who sent the messages of a change. Since 2026-03-31 {@code waId}
 * (the phone number) may be absent for users with a username; {@code userId} is then the
 * business-scoped user id, e.g. {@code IN.13491208655302741918}.
 */
public record Contact(String waId, String userId, String profileName) {}
