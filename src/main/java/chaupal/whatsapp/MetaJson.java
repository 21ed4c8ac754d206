package chaupal.whatsapp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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

  private static final ObjectMapper WRITER = JsonMapper.builder().build();

  static {
    WRITER.getFactory().setCharacterEscapes(new MetaEscapes());
    WRITER.getFactory().configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, true);
  }

  private MetaJson() {}

  /** Serializes a Jackson tree or POJO the way Meta serializes webhook bodies. */
  public static byte[] write(Object value) {
    try {
      String ascii = WRITER.writeValueAsString(value);
      return lowercaseUnicodeEscapes(ascii).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Jackson writes upper-case hex in escapes; Meta writes lower case, and the signature covers it.
  private static String lowercaseUnicodeEscapes(String json) {
    StringBuilder out = new StringBuilder(json.length());
    int n = json.length();
    for (int i = 0; i < n; i++) {
      char c = json.charAt(i);
      out.append(c);
      if (c != '\\' || i + 1 >= n) continue;
      char next = json.charAt(++i);
      out.append(next);
      if (next == 'u' && i + 4 < n) {
        out.append(json.substring(i + 1, i + 5).toLowerCase(java.util.Locale.ROOT));
        i += 4;
      }
    }
    return out.toString();
  }

  private static final class MetaEscapes extends CharacterEscapes {
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
      return ch == '/' ? new SerializedString("\\/") : null;
    }
  }
}
