package chaupal.console;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.Location;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders the console's pages from Mustache templates in {@code chaupal/console/web/} ({@code
 * queue.mustache}, each extending {@code layout.mustache} with {@code {{<layout}}{{$main}}...}).
 * {@code {{x}}} escapes HTML, so a citizen's {@code <script>} shows as text; templates never use the
 * unescaped {@code {{{x}}}}. Every page's model also has {@code t} (the texts of the page's language),
 * {@code lang}, {@code csrf}, {@code user} (username, role, isAdmin, isStateAdmin) and {@code path}, and
 * {@code asset}: {@code {{#asset}}queue.js{{/asset}}} is that static file's URL with its version, cached for ever, and
 * {@code languages} (code, name, selected) for the language switch.
 */
final class Pages {

  private final MustacheFactory templates = new DefaultMustacheFactory("chaupal/console/web");
  private final WebTexts texts;
  private final StaticFiles files;
  private final java.util.function.Function<String, String> asset;

  Pages(WebTexts texts) {
    this(texts, new StaticFiles());
  }

  Pages(WebTexts texts, StaticFiles files) {
    this.texts = texts;
    this.files = files;
    this.asset = files::url;
  }

  WebTexts texts() {
    return texts;
  }

  /** A page, 200. */
  HttpResponse page(WebCall call, String template, Map<String, Object> model) {
    return page(call, StatusCodes.OK, template, model);
  }

  HttpResponse page(WebCall call, StatusCode status, String template, Map<String, Object> model) {
    Map<String, Object> all = new HashMap<>(model);
    all.put("t", texts.of(call.language()));
    all.put("lang", call.language());
    all.putIfAbsent("path", call.request().getUri().path());
    all.put("asset", asset);
    all.put("languages", WebTexts.LANGUAGES.stream().map(code -> Map.of("code", code, "name", texts.of(code).get("language_name"),
        "selected", code.equals(call.language()))).toList());
    if (call.session() != null) {
      Account a = call.session().account();
      all.put("csrf", call.session().csrfToken());
      all.put("user", Map.of("username", a.username(), "role", Account.key(a.role()), "isAdmin", a.administers(),
          "isStateAdmin", a.role() == chaupal.tenancy.Official.Role.STATE_ADMIN));
    }
    return HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, render(template, all)));
  }

  /** 303 to another console page (after a form: the browser GETs it, so a reload does not post again). */
  HttpResponse redirect(String to) {
    return HttpResponse.create().withStatus(StatusCodes.SEE_OTHER).addHeader(Location.create(to));
  }

  /** The one "not found" page: an unknown case and one outside the official's scope look the same. */
  HttpResponse notFound(WebCall call) {
    // Nothing of the asked path is echoed (the language switch returns to the queue), so every 404 is the same page.
    return page(call, StatusCodes.NOT_FOUND, "not-found", Map.of("path", "/console/"));
  }

  String render(String template, Map<String, Object> model) {
    Mustache m = templates.compile(template + ".mustache");
    StringWriter out = new StringWriter();
    m.execute(out, model);
    return out.toString();
  }
}
