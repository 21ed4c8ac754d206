package chaupal.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PhotosTest {

  @Test
  void photosAreSmallDistinctJpegsWithTheirHash() throws Exception {
    Photos photos = new Photos(2);
    Photos.Photo first = photos.forCitizen(Citizen.of(2_000_000));
    Photos.Photo second = photos.forCitizen(Citizen.of(2_000_001));

    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(first.bytes()));
    assertNotNull(decoded, "decodes as an image");
    assertEquals(48, decoded.getWidth());
    assertEquals((byte) 0xFF, first.bytes()[0]);
    assertEquals((byte) 0xD8, first.bytes()[1]);
    assertTrue(first.bytes().length > 1_000 && first.bytes().length < 8_000, first.bytes().length + " bytes");
    assertNotEquals(first.sha256Base64(), second.sha256Base64());
    // SHA-256 of the empty input, base64, as Meta's webhook writes it.
    assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", Photos.sha256Base64(new byte[0]));
  }
}
