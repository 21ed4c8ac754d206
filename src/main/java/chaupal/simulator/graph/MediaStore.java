package chaupal.simulator.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Media held in memory: what the phone page sent and what a business uploaded. Bounded in bytes; the
 * oldest go first. Download URLs carry an expiry and a keyed hash, like Meta's, and live 5 minutes.
 */
public final class MediaStore {

  static final long URL_LIFETIME_SECONDS = 300;

  public record Media(String id, String ownerPhoneNumberId, String mimeType, String filename, byte[] bytes, String sha256Base64, String sha256Hex) {
    int size() {
      return bytes.length;
    }
  }

  private final long capacity;
  private final SecureRandom random = new SecureRandom();
  private final byte[] urlKey = new byte[32];
  private final LinkedHashMap<String, Media> items = new LinkedHashMap<>();
  private long bytes;

  public MediaStore(long capacity) {
    this.capacity = capacity;
    random.nextBytes(urlKey);
  }

  /** Stores the bytes and returns them with a fresh numeric id, or empty when they exceed the whole store. */
  public Optional<Media> put(String ownerPhoneNumberId, String mimeType, String filename, byte[] content) {
    if (content.length > capacity) return Optional.empty();
    byte[] digest = sha256(content);
    synchronized (this) {
      return Optional.of(store(ownerPhoneNumberId, mimeType, filename, content, digest));
    }
  }

  private Media store(String ownerPhoneNumberId, String mimeType, String filename, byte[] content, byte[] digest) {
    String id;
    do {
      id = String.valueOf(1_000_000_000_000_000L + Math.floorMod(random.nextLong(), 8_999_999_999_999_999L));
    } while (items.containsKey(id));
    Media media = new Media(id, ownerPhoneNumberId, mimeType, filename, content,
        Base64.getEncoder().encodeToString(digest), HexFormat.of().formatHex(digest));
    items.put(id, media);
    bytes += content.length;
    Iterator<Media> oldest = items.values().iterator();
    while (bytes > capacity && oldest.hasNext()) {
      bytes -= oldest.next().size();
      oldest.remove();
    }
    return media;
  }

  public synchronized Optional<Media> get(String id) {
    return Optional.ofNullable(items.get(id));
  }

  synchronized boolean contains(String id) {
    return items.containsKey(id);
  }

  synchronized boolean delete(String id) {
    Media removed = items.remove(id);
    if (removed != null) bytes -= removed.size();
    return removed != null;
  }

  public synchronized void clear() {
    items.clear();
    bytes = 0;
  }

  /** A download URL like Meta's lookaside one: {@code …/attachments/?mid=…&ext=…&hash=…}. */
  public String downloadUrl(String baseUrl, String id, long nowSeconds) {
    long expires = nowSeconds + URL_LIFETIME_SECONDS;
    return baseUrl + "/simulator/whatsapp_business/attachments/?mid=" + id + "&ext=" + expires + "&hash=" + hash(id, expires);
  }

  /** The media a download URL names, if its hash is ours and it has not expired. */
  Optional<Media> download(String mid, String ext, String hash, long nowSeconds) {
    long expires;
    try {
      expires = Long.parseLong(ext);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    boolean genuine = MessageDigest.isEqual(hash(mid, expires).getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
    return genuine && expires >= nowSeconds ? get(mid) : Optional.empty();
  }

  private String hash(String id, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(urlKey, "HmacSHA256"));
      byte[] h = mac.doFinal((id + ":" + expires).getBytes(StandardCharsets.US_ASCII));
      return "AR" + Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
