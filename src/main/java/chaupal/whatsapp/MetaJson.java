package chaupal.whatsapp;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON as Meta writes it on the wire: compact, every non-ASCII character as a lowercase
 * {@code \\uXXXX} escape (surrogate pairs for emoji) and {@code /} as {@code \/}. Webhook
 * signatures are computed over exactly these bytes, so whatever we sign must be written here.
 */
public final class MetaJson {

  /** Reads any JSON; tolerant of unknown fields, as Meta adds fields without notice. */
  public static final ObjectMapper READER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  // Meta's escapes are lower-case hex, and the signature covers them.
  private static final ObjectMapper WRITER = JsonMapper.builder()
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
      .build();

  static {
    WRITER.getFactory().setCharacterEscapes(new MetaEscapes());
  }

  private MetaJson() {}

  /**
   * Writes the JSON that {@code body} streams into a generator set up like {@link #write}: the same
   * bytes as building the tree and writing it, without the tree.
   */
  public static byte[] stream(Body body) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(512);
    try (JsonGenerator out = WRITER.getFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
      body.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** What {@link #stream} writes. */
  @FunctionalInterface
  public interface Body {
    void writeTo(JsonGenerator out) throws IOException;
  }

  /** Serializes a Jackson tree or POJO the way Meta serializes webhook bodies. */
  public static byte[] write(Object value) {
    try {
      return WRITER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class MetaEscapes extends CharacterEscapes {
    private static final SerializedString SLASH = new SerializedString("\\/");
    private final int[] asciiEscapes;

    MetaEscapes() {
      asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();
      asciiEscapes['/'] = CharacterEscapes.ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch == '/' ? SLASH : null;
    }
  }
}
