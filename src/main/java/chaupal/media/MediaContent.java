package chaupal.media;

/** A stored media and its bytes. */
public record MediaContent(StoredMedia media, byte[] bytes) {}
