package chaupal;

/**
 * Marker for every message, event and snapshot that crosses the wire or the journal.
 * Bound to Jackson CBOR in {@code serialization.conf}; kept at the root so that each part may
 * use it without depending on another part.
 */
public interface CborSerializable {}
