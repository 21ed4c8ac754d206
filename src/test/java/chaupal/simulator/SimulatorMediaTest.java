package chaupal.simulator;

import static chaupal.simulator.SimulatorHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import chaupal.simulator.phone.PhoneMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Media: upload, the media URL JSON, and downloads that need the bearer token. */
class SimulatorMediaTest {

  static final ActorTestKit kit = ActorTestKit.create();
  static SimulatorHarness h;
  static final byte[] PDF = "%PDF-1.4 certificate of residence".getBytes(StandardCharsets.US_ASCII);

  @BeforeAll
  static void start() {
    h = SimulatorHarness.start(kit.system(), url -> new SimulatorSettings(url, SECRET, TOKEN, List.of(CITY), 80, false, false, Duration.ZERO));
  }

  @AfterAll
  static void stop() {
    h.close();
    kit.shutdownTestKit();
  }

  @Test
  void uploadThenSendByIdThenDownloadOnlyWithTheToken() throws Exception {
    HttpResponse<String> upload = upload("Bearer " + TOKEN, "application/pdf", PDF);
    assertEquals(200, upload.statusCode(), upload.body());
    String id = json(upload.body()).path("id").asText();
    assertTrue(id.matches("[0-9]{16,19}"), id);

    h.sendOk(CITY.phoneNumberId(), "{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"document\","
        + "\"document\":{\"id\":\"" + id + "\",\"filename\":\"residence.pdf\",\"caption\":\"Your certificate\"}}");

    HttpResponse<String> meta = h.request("GET", "/simulator/v23.0/" + id, null, "Bearer " + TOKEN);
    assertEquals(200, meta.statusCode(), meta.body());
    assertTrue(meta.body().contains("\\/simulator\\/whatsapp_business\\/attachments\\/?mid="), "URL with \\/ as Meta writes it");
    JsonNode media = json(meta.body());
    assertEquals("whatsapp", media.path("messaging_product").asText());
    assertEquals("application/pdf", media.path("mime_type").asText());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PDF)), media.path("sha256").asText());
    assertEquals(PDF.length, media.path("file_size").asInt());
    assertTrue(media.path("file_size").isNumber());
    assertEquals(id, media.path("id").asText());

    String url = media.path("url").asText();
    HttpResponse<byte[]> withToken = h.getBytes(url, "Bearer " + TOKEN);
    assertEquals(200, withToken.statusCode());
    assertArrayEquals(PDF, withToken.body());
    assertEquals("application/pdf", withToken.headers().firstValue("Content-Type").orElse(""));
    assertEquals(401, h.getBytes(url, null).statusCode());
    assertEquals(401, h.getBytes(url, "Bearer wrong").statusCode());
    assertEquals(404, h.getBytes(url.replace("hash=AR", "hash=AX"), "Bearer " + TOKEN).statusCode());
    assertEquals(404, h.getBytes(url.replace("mid=" + id, "mid=1" + id), "Bearer " + TOKEN).statusCode());

    assertEquals(400, h.request("GET", "/simulator/v23.0/" + id + "?phone_number_id=123", null, "Bearer " + TOKEN).statusCode());
    assertEquals(401, h.request("GET", "/simulator/v23.0/" + id, null, null).statusCode());
    assertEquals(200, h.request("DELETE", "/simulator/v23.0/" + id, null, "Bearer " + TOKEN).statusCode());
    assertEquals(404, h.getBytes(url, "Bearer " + TOKEN).statusCode());
    HttpResponse<String> gone = h.request("GET", "/simulator/v23.0/" + id, null, "Bearer " + TOKEN);
    assertEquals(400, gone.statusCode());
    assertEquals(100, json(gone.body()).path("error").path("code").asInt());
  }

  @Test
  void aBusinessPhotoSentByItsIdShowsOnThePhoneAndAnUnknownIdIsRefusedAsMetaDoes() throws Exception {
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F'};
    String id = json(upload("Bearer " + TOKEN, "image/jpeg", jpeg).body()).path("id").asText();
    h.sendOk(CITY.phoneNumberId(), "{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"image\","
        + "\"image\":{\"id\":\"" + id + "\",\"caption\":\"Pipe repaired\"}}");

    JsonNode entries = json(h.request("GET", "/phone/api/conversation?pn=" + CITY.phoneNumberId() + "&wa=" + CITIZEN, null, null).body())
        .path("entries");
    JsonNode last = entries.path(entries.size() - 1);
    assertEquals("business", last.path("from").asText());
    assertEquals("image", last.path("type").asText());
    assertEquals(id, last.path("body").path("image").path("id").asText());
    assertArrayEquals(jpeg, h.getBytes(h.base + "/phone/api/media/" + id, null).body(), "the page's <img> shows the uploaded bytes");

    HttpResponse<String> unknown = h.send(CITY.phoneNumberId(), "{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN
        + "\",\"type\":\"image\",\"image\":{\"id\":\"1" + id + "\"}}");
    assertEquals(400, unknown.statusCode());
    JsonNode error = json(unknown.body()).path("error");
    assertEquals(100, error.path("code").asInt());
    assertEquals("Param image['id'] is not a valid whatsapp business account media attachment ID",
        error.path("error_data").path("details").asText());
  }

  @Test
  void aTestCanMakeTheNextDownloadsOfAMediaFail() throws Exception {
    String failing = json(upload("Bearer " + TOKEN, "application/pdf", PDF).body()).path("id").asText();
    String other = json(upload("Bearer " + TOKEN, "application/pdf", PDF).body()).path("id").asText();
    h.simulator.failMediaDownloads(failing, 2);

    for (int expected : new int[] {500, 500, 200}) {
      // A fresh URL each time, as a client asks for after a failure: the failure is the media's, not the URL's.
      String url = json(h.request("GET", "/simulator/v23.0/" + failing, null, "Bearer " + TOKEN).body()).path("url").asText();
      assertEquals(expected, h.getBytes(url, "Bearer " + TOKEN).statusCode());
    }
    String otherUrl = json(h.request("GET", "/simulator/v23.0/" + other, null, "Bearer " + TOKEN).body()).path("url").asText();
    assertArrayEquals(PDF, h.getBytes(otherUrl, "Bearer " + TOKEN).body());
  }

  @Test
  void uploadRefusesUnsupportedTypesAndMissingTokens() {
    assertEquals(401, upload(null, "application/pdf", PDF).statusCode());
    HttpResponse<String> exe = upload("Bearer " + TOKEN, "application/x-msdownload", PDF);
    assertEquals(400, exe.statusCode());
    assertEquals(131053, json(exe.body()).path("error").path("code").asInt());
  }

  @Test
  void phonePhotosAreLimitedToJpegAndPngOf5Mb() {
    assertThrows(IllegalArgumentException.class, () ->
        h.simulator.sendAsCitizen(CITY.phoneNumberId(), CITIZEN, PhoneMessage.image(new byte[10], "image/gif", "")));
    assertThrows(IllegalArgumentException.class, () ->
        h.simulator.sendAsCitizen(CITY.phoneNumberId(), CITIZEN, PhoneMessage.image(new byte[(5 << 20) + 1], "image/jpeg", "")));
  }

  private HttpResponse<String> upload(String authorization, String mime, byte[] file) {
    String boundary = "----chaupal" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String fields = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"residence.pdf\"\r\nContent-Type: " + mime + "\r\n\r\n";
    body.writeBytes(fields.getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.base + "/simulator/v23.0/" + CITY.phoneNumberId() + "/media"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (authorization != null) b.header("Authorization", authorization);
    try {
      return h.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
