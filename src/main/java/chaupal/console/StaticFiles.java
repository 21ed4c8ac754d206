package chaupal.console;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's own files ({@code chaupal/console/web/static/}) and uPlot from its WebJar, read once
 * from the classpath. Each has a version (the start of its SHA-256): a URL with {@code ?v=<version>}
 * may be cached for ever, and the same version is the ETag of the unversioned URL.
 */
final class StaticFiles {

  static final String OWN = "/chaupal/console/web/static/";
  static final String UPLOT = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Optional<Asset> MISSING = Optional.empty();

  /** One file: its bytes, its type, its version. */
  record Asset(byte[] bytes, ContentType type, String version) {}

  private final Map<String, Optional<Asset>> read = new ConcurrentHashMap<>();

  /** {@code name} is {@code console.css} or {@code uplot/uPlot.min.css}; anything else (dots, slashes) is absent. */
  Optional<Asset> find(String name) {
    return read.computeIfAbsent(name, StaticFiles::load);
  }

  /** The URL of a file with its version, for templates ({@code {{#asset}}console.css{{/asset}}}). */
  String url(String name) {
    String trimmed = name.trim();
    return "/console/static/" + trimmed + find(trimmed).map(a -> "?v=" + a.version()).orElse("");
  }

  private static Optional<Asset> load(String name) {
    String resource;
    if (name.startsWith("uplot/") && NAME.matcher(name.substring(6)).matches()) {
      resource = UPLOT + name.substring(6);
    } else if (NAME.matcher(name).matches()) {
      resource = OWN + name;
    } else {
      return MISSING;
    }
    Optional<ContentType> type = type(name);
    if (type.isEmpty()) return MISSING;
    try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
      if (in == null) return MISSING;
      byte[] bytes = in.readAllBytes();
      return Optional.of(new Asset(bytes, type.get(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java", e);
    }
  }

  private static Optional<ContentType> type(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return Optional.ofNullable(switch (ext) {
      case "css" -> MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8);
      case "js" -> MediaTypes.APPLICATION_JAVASCRIPT.toContentType(HttpCharsets.UTF_8);
      case "svg" -> MediaTypes.IMAGE_SVG_XML.toContentType();
      case "png" -> MediaTypes.IMAGE_PNG.toContentType();
      case "txt" -> ContentTypes.TEXT_PLAIN_UTF8;
      default -> null;
    });
  }

  /** The uPlot WebJar's version, from its Maven metadata, so that the pom alone decides it. */
  private static String uplotVersion() {
    try (InputStream in = StaticFiles.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      if (in == null) throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is missing from the classpath");
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
