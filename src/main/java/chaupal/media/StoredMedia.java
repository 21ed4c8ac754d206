package chaupal.media;

import java.nio.file.Path;

/**
 * An attachment on disk, to serve to an official: {@code mimeType} is what the bytes are (sniffed
 * when stored), not what the citizen's phone claimed.
 */
public record StoredMedia(String channelId, String mediaId, MediaKind kind, String mimeType, long sizeBytes, String sha256,
    String citizenId, Path path) {}
