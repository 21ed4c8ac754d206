package chaupal.whatsapp;

import static chaupal.Setting.duration;
import static chaupal.Setting.string;

import chaupal.Setting.Invalid;
import com.typesafe.config.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * How to reach the Cloud API ({@code chaupal.whatsapp}). {@code apiUrl} empty means the in-process
 * simulator serves in Meta's place. The pool bounds are the Cloud API client's connections and
 * the sends it may hold queued or on the wire.
 */
public record CloudApiSettings(String apiUrl, String accessToken, String appSecret, String verifyToken, Duration sendTimeout,
    int maxConnections, int maxOpenRequests) {

  // Development defaults, used only with the simulator; a real Meta URL requires real values.
  public static final String DEV_APP_SECRET = "chaupal-development-app-secret";
  public static final String DEV_VERIFY_TOKEN = "chaupal-development-verify-token";
  public static final String DEV_ACCESS_TOKEN = "chaupal-development-access-token";

  public boolean simulated() {
    return apiUrl.isEmpty();
  }

  /** Reads {@code chaupal.whatsapp}; without an API URL the simulator serves, with development secrets. */
  public static CloudApiSettings from(Config c) {
    String url = string(c, "api-url", "WHATSAPP_API_URL").trim();
    String token = string(c, "access-token", "WHATSAPP_ACCESS_TOKEN");
    String secret = string(c, "app-secret", "WHATSAPP_APP_SECRET");
    String verify = string(c, "verify-token", "WHATSAPP_VERIFY_TOKEN");
    Duration timeout = duration(c, "send-timeout", "WHATSAPP_SEND_TIMEOUT");
    int connections = c.getInt("max-connections");
    int openRequests = c.getInt("max-open-requests");
    if (url.isEmpty()) {
      return new CloudApiSettings("", token.isEmpty() ? DEV_ACCESS_TOKEN : token, secret.isEmpty() ? DEV_APP_SECRET : secret,
          verify.isEmpty() ? DEV_VERIFY_TOKEN : verify, timeout, connections, openRequests);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Invalid("WHATSAPP_API_URL: \"" + url + "\" is not a URL; expected the Graph API base with its version, e.g. https://graph.facebook.com/v23.0");
    }
    if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      throw new Invalid("WHATSAPP_API_URL: \"" + url + "\" is not an http(s) URL; expected e.g. https://graph.facebook.com/v23.0");
    }
    if (token.isBlank()) throw new Invalid("WHATSAPP_ACCESS_TOKEN: missing; a real WHATSAPP_API_URL needs the system user's access token");
    if (secret.isBlank()) throw new Invalid("WHATSAPP_APP_SECRET: missing; a real WHATSAPP_API_URL needs the app secret to verify webhook signatures");
    if (verify.isBlank()) throw new Invalid("WHATSAPP_VERIFY_TOKEN: missing; a real WHATSAPP_API_URL needs the verify token entered in Meta's webhook settings");
    return new CloudApiSettings(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, token, secret, verify, timeout, connections, openRequests);
  }

  /** A client for {@code baseUrl} (the real API's, or the simulator's), with these credentials and pool bounds; it sends and fetches media. */
  public CloudApiClient client(akka.actor.typed.ActorSystem<?> system, String baseUrl) {
    return new CloudApiClient(system, baseUrl, accessToken, sendTimeout, maxConnections, maxOpenRequests);
  }
}
