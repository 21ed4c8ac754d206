package chaupal.whatsapp;

/** A media body written to a file: its size, the SHA-256 of the bytes received (hex) and the Content-Type Meta gave. */
public record DownloadedMedia(long sizeBytes, String sha256Hex, String contentType) {}
