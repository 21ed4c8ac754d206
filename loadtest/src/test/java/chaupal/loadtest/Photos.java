package chaupal.loadtest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Small real JPEGs (about 2 KB each, made with ImageIO when the run starts) that the citizens
 * photograph their complaint with. A few different ones, so the server's content-addressed store
 * sees several photos and each repeats as it would from a crowd photographing the same places.
 */
final class Photos {

  static final String MIME_TYPE = "image/jpeg";

  /** One photo: its bytes and the base64 SHA-256 Meta puts in the webhook. */
  record Photo(byte[] bytes, String sha256Base64) {}

  private final List<Photo> pool;

  Photos(int count) {
    List<Photo> made = new ArrayList<>();
    for (int seed = 0; seed < count; seed++) {
      byte[] jpeg = jpeg(seed);
      made.add(new Photo(jpeg, sha256Base64(jpeg)));
    }
    this.pool = List.copyOf(made);
  }

  Photo forCitizen(Citizen citizen) {
    return pool.get((int) (citizen.number() % pool.size()));
  }

  /** A 48x48 picture of coloured noise: noise keeps JPEG from compressing it to almost nothing. */
  static byte[] jpeg(int seed) {
    BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(seed);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "jpg", out)) throw new IllegalStateException("this JVM has no JPEG writer");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String sha256Base64(byte[] bytes) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
