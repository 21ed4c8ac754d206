package chaupal.tenancy;

import static chaupal.tenancy.FieldPath.quote;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a HOCON file of {@code project-config/} into a record with Jackson. Fields are snake_case,
 * enum constants lower case with hyphens ({@code municipal-council}); every record component is
 * required unless marked {@link OptionalField}. Unknown keys, wrong types, blank texts and texts in
 * the wrong languages fail with one line naming the file, the field path and the problem; what a
 * record's type cannot say (patterns, ranges, references) its section checks with {@link FieldPath}.
 */
final class ConfigBinding {

  /** The languages a {@link LocalizedText} may have, and those it must have with the reason why. */
  record Languages(Set<String> supported, Map<String, String> required) {}

  private static final ObjectMapper MAPPER = mapper();

  private ConfigBinding() {}

  private static ObjectMapper mapper() {
    SimpleModule values = new SimpleModule();
    values.setDeserializers(new ValueDeserializers());
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .annotationIntrospector(new RequiredUnlessOptional())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS) // "80" is not a number, 80 not a string
        .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.construct(Nulls.AS_EMPTY, Nulls.FAIL)))
        .withConfigOverride(Map.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
        .addModule(values)
        .build();
  }

  /** Parses a whole file (UTF-8); {@code file} is how messages name it. */
  static Config parse(Path location, String file) {
    if (!Files.isRegularFile(location)) throw new DirectoryException(file + ": file not found");
    try {
      return ConfigFactory.parseFile(
              location.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false))
          .resolve();
    } catch (ConfigException e) {
      throw new DirectoryException(file + ": " + describe(e));
    }
  }

  /** Parses a file and binds it to {@code type}, a record. */
  static <T> T bind(Path location, String file, Class<T> type, Languages languages) {
    ConfigObject root = parse(location, file).root();
    try {
      return MAPPER.readerFor(type)
          .withAttribute(Languages.class, languages)
          .readValue(root.render(ConfigRenderOptions.concise()));
    } catch (JsonProcessingException e) {
      throw e instanceof JsonMappingException mapping
          ? explain(mapping, root, file)
          : new DirectoryException(file + ": " + e.getOriginalMessage());
    }
  }

  /** Jackson's error as the field it is about and a problem in the words of the file. */
  private static DirectoryException explain(JsonMappingException e, ConfigObject root, String file) {
    FieldPath at = FieldPath.in(file);
    ConfigValue value = root;
    for (JsonMappingException.Reference step : e.getPath()) {
      boolean isField = step.getFieldName() != null;
      at = isField ? at.field(step.getFieldName()) : at.item(step.getIndex());
      if (value instanceof ConfigObject object && isField) value = object.get(step.getFieldName());
      else if (value instanceof ConfigList list && !isField) value = list.get(step.getIndex());
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      Set<String> known = new TreeSet<>();
      for (Object id : unknown.getKnownPropertyIds()) known.add(id.toString());
      return at.problem("unknown field (expected " + FieldPath.list(known) + ")");
    }
    if (e instanceof Rejected) return at.problem(e.getOriginalMessage());
    if (e instanceof ValueInstantiationException && e.getCause() != null) return at.problem(e.getCause().getMessage());
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      Class<?> target = mismatch.getTargetType();
      if (value == null) return at.problem("missing");
      if ((target == int.class || target == Integer.class) && value.valueType() == ConfigValueType.NUMBER) {
        return at.problem("must be a whole number, not " + value.unwrapped());
      }
      return at.problem("must be " + expected(target) + ", not " + article(value.valueType()));
    }
    return at.problem(e.getOriginalMessage());
  }

  private static String expected(Class<?> type) {
    if (type == String.class || type.isEnum()) return "a string";
    if (type == boolean.class || type == Boolean.class) return "true/false";
    if (type.isPrimitive() || Number.class.isAssignableFrom(type)) return "a number";
    if (Collection.class.isAssignableFrom(type) || type.isArray()) return "a list";
    return "an object";
  }

  static String article(ConfigValueType type) {
    return switch (type) {
      case OBJECT -> "an object";
      case LIST -> "a list";
      case NUMBER -> "a number";
      case BOOLEAN -> "true/false";
      case NULL -> "null";
      case STRING -> "a string";
    };
  }

  /** "line 3: Expecting a value but got ..." without the origin Typesafe Config puts in front. */
  private static String describe(ConfigException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e.origin() == null) return message;
    String prefix = e.origin().description() + ": ";
    if (message.startsWith(prefix)) message = message.substring(prefix.length());
    int line = e.origin().lineNumber();
    return line > 0 ? "line " + line + ": " + message : message;
  }

  /**
   * Jackson then reports a required field left out with its path, which the file names "missing";
   * written as null it is a mistake too, while an optional field given as null is left out.
   */
  private static final class RequiredUnlessOptional extends JacksonAnnotationIntrospector {
    @Override
    public Boolean hasRequiredMarker(AnnotatedMember member) {
      return !member.hasAnnotation(OptionalField.class);
    }

    @Override
    public JsonSetter.Value findSetterInfo(Annotated member) {
      return member.hasAnnotation(OptionalField.class) ? super.findSetterInfo(member) : JsonSetter.Value.forValueNulls(Nulls.FAIL);
    }
  }

  /** A value of the right type in a form the directory does not accept; the message is the problem. */
  private static final class Rejected extends JsonMappingException {
    Rejected(JsonParser parser, String problem) {
      super(parser, problem);
    }
  }

  /**
   * Texts are never blank, a {@link LocalizedText} is in the {@link Languages} the reader was given,
   * and enum constant {@code MUNICIPAL_COUNCIL} is written {@code municipal-council}.
   */
  private static final class ValueDeserializers extends SimpleDeserializers {
    ValueDeserializers() {
      addDeserializer(String.class, new NonBlankString());
      addDeserializer(LocalizedText.class, new InLanguages());
    }

    @Override
    public JsonDeserializer<?> findEnumDeserializer(
        Class<?> type, DeserializationConfig config, BeanDescription description) {
      List<String> names =
          Arrays.stream(type.getEnumConstants())
              .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
              .toList();
      return new StdScalarDeserializer<Object>(type) {
        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
          if (!parser.hasToken(JsonToken.VALUE_STRING)) return context.handleUnexpectedToken(type, parser);
          int index = names.indexOf(parser.getText());
          if (index < 0) throw new Rejected(parser, quote(parser.getText()) + " is not one of " + String.join(", ", names));
          return type.getEnumConstants()[index];
        }
      };
    }
  }

  private static final class NonBlankString extends StdScalarDeserializer<String> {
    NonBlankString() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      // Jackson's own String deserializer takes numbers too: 100000000000001 must be quoted
      if (!parser.hasToken(JsonToken.VALUE_STRING)) return (String) context.handleUnexpectedToken(String.class, parser);
      if (parser.getText().isBlank()) throw new Rejected(parser, "must not be empty");
      return parser.getText();
    }
  }

  private static final class InLanguages extends StdScalarDeserializer<LocalizedText> {
    private static final TypeReference<Map<String, String>> TEXTS = new TypeReference<>() {};

    InLanguages() {
      super(LocalizedText.class);
    }

    @Override
    public LocalizedText deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      Map<String, String> texts = context.readValue(parser, context.getTypeFactory().constructType(TEXTS));
      Languages languages = (Languages) context.getAttribute(Languages.class);
      for (String language : new TreeSet<>(texts.keySet())) {
        if (!languages.supported().contains(language)) {
          Rejected unsupported = new Rejected(parser, FieldPath.notKnown(language, languages.supported(), "a supported language"));
          unsupported.prependPath(texts, language);
          throw unsupported;
        }
      }
      for (Map.Entry<String, String> need : new TreeMap<>(languages.required()).entrySet()) {
        if (!texts.containsKey(need.getKey())) {
          throw new Rejected(parser, "missing " + need.getKey() + " (" + need.getValue() + ")");
        }
      }
      if (texts.isEmpty()) throw new Rejected(parser, "must give the text in at least one language");
      return new LocalizedText(texts);
    }
  }
}
