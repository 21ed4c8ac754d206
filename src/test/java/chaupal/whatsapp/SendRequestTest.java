package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.whatsapp.OutgoingContent.Button;
import chaupal.whatsapp.OutgoingContent.Row;
import chaupal.whatsapp.OutgoingContent.Section;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendRequestTest {

  private static final String HEAD = "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"+919800000001\",";

  private static String json(OutgoingContent content) {
    return json(new OutgoingMessage("919800000001", content, null));
  }

  private static String json(OutgoingMessage message) {
    return new String(SendRequest.json(message), StandardCharsets.US_ASCII);
  }

  @Test
  void text() {
    assertEquals(HEAD + "\"type\":\"text\",\"text\":{\"preview_url\":true,\"body\":\"See https://example.org/a\"}}",
        json(new OutgoingContent.Text("See https://example.org/a", true)).replace("\\/", "/"));
    assertEquals(HEAD + "\"type\":\"text\",\"text\":{\"preview_url\":false,\"body\":\"\\u0928\\u092e\\u0938\\u094d\\u0924\\u0947 \\ud83d\\ude4f\"}}",
        json(new OutgoingContent.Text("नमस्ते 🙏", false)));
  }

  @Test
  void contextualReply() {
    assertEquals(HEAD + "\"context\":{\"message_id\":\"wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQTdCNTg5RjY1MEMyRjlGMjRGNgA=\"},"
            + "\"type\":\"text\",\"text\":{\"preview_url\":false,\"body\":\"ok\"}}",
        json(new OutgoingMessage("+91 98000-00001", new OutgoingContent.Text("ok", false),
            "wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQTdCNTg5RjY1MEMyRjlGMjRGNgA=")));
  }

  @Test
  void replyButtons() {
    assertEquals(HEAD + "\"type\":\"interactive\",\"interactive\":{\"type\":\"button\",\"header\":{\"type\":\"text\",\"text\":\"Appointment\"},"
            + "\"body\":{\"text\":\"Change or cancel?\"},\"footer\":{\"text\":\"Reply any time\"},"
            + "\"action\":{\"buttons\":[{\"type\":\"reply\",\"reply\":{\"id\":\"change-button\",\"title\":\"Change\"}},"
            + "{\"type\":\"reply\",\"reply\":{\"id\":\"cancel-button\",\"title\":\"Cancel\"}}]}}}",
        json(new OutgoingContent.ReplyButtons("Appointment", "Change or cancel?", "Reply any time",
            List.of(new Button("change-button", "Change"), new Button("cancel-button", "Cancel")))));
    assertEquals(HEAD + "\"type\":\"interactive\",\"interactive\":{\"type\":\"button\",\"body\":{\"text\":\"Yes?\"},"
            + "\"action\":{\"buttons\":[{\"type\":\"reply\",\"reply\":{\"id\":\"y\",\"title\":\"Yes\"}}]}}}",
        json(new OutgoingContent.ReplyButtons(null, "Yes?", " ", List.of(new Button("y", "Yes")))));
  }

  @Test
  void list() {
    assertEquals(HEAD + "\"type\":\"interactive\",\"interactive\":{\"type\":\"list\",\"header\":{\"type\":\"text\",\"text\":\"Choose Shipping Option\"},"
            + "\"body\":{\"text\":\"Which shipping option do you prefer?\"},\"footer\":{\"text\":\"Lucky Shrub\"},"
            + "\"action\":{\"button\":\"Shipping Options\",\"sections\":[{\"title\":\"I want it ASAP!\",\"rows\":["
            + "{\"id\":\"priority_express\",\"title\":\"Priority Mail Express\",\"description\":\"Next Day to 2 Days\"}]},"
            + "{\"title\":\"I can wait a bit\",\"rows\":[{\"id\":\"usps_ground\",\"title\":\"USPS Ground\"}]}]}}}",
        json(new OutgoingContent.ListMessage("Choose Shipping Option", "Which shipping option do you prefer?", "Lucky Shrub",
            "Shipping Options",
            List.of(new Section("I want it ASAP!", List.of(new Row("priority_express", "Priority Mail Express", "Next Day to 2 Days"))),
                new Section("I can wait a bit", List.of(new Row("usps_ground", "USPS Ground", null)))))));
  }

  @Test
  void locationRequest() {
    assertEquals(HEAD + "\"type\":\"interactive\",\"interactive\":{\"type\":\"location_request_message\","
            + "\"body\":{\"text\":\"Where is the problem?\"},\"action\":{\"name\":\"send_location\"}}}",
        json(new OutgoingContent.LocationRequest("Where is the problem?")));
  }

  @Test
  void template() {
    assertEquals(HEAD + "\"type\":\"template\",\"template\":{\"name\":\"case_update\",\"language\":{\"code\":\"hi\"},"
            + "\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"GRV-2026-000042\"},{\"type\":\"text\",\"text\":\"resolved\"}]}]}}",
        json(new OutgoingContent.Template("case_update", "hi", List.of("GRV-2026-000042", "resolved"))));
    assertEquals(HEAD + "\"type\":\"template\",\"template\":{\"name\":\"hello_world\",\"language\":{\"code\":\"en_US\"}}}",
        json(new OutgoingContent.Template("hello_world", "en_US", List.of())));
  }

  /** Meta refuses a parameter with a line break, a tab or more than four spaces in a row: an official's two paragraphs go as one line. */
  @Test
  void aTemplateParameterGoesAsOneLine() {
    assertEquals(HEAD + "\"type\":\"template\",\"template\":{\"name\":\"case_update\",\"language\":{\"code\":\"en\"},"
            + "\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Pipe repaired. Call us if it leaks again\"}]}]}}",
        json(new OutgoingContent.Template("case_update", "en", List.of(" Pipe repaired.\r\n\nCall us\tif it\u00a0leaks     again\u2028"))));
  }

  @Test
  void media() {
    assertEquals(HEAD + "\"type\":\"image\",\"image\":{\"id\":\"1037543291543636\",\"caption\":\"Receipt\"}}",
        json(new OutgoingContent.Media("image", "1037543291543636", null, "Receipt", null)));
    assertEquals(HEAD + "\"type\":\"document\",\"document\":{\"link\":\"https:\\/\\/example.org\\/c.pdf\",\"caption\":\"Certificate\",\"filename\":\"c.pdf\"}}",
        json(new OutgoingContent.Media("document", null, "https://example.org/c.pdf", "Certificate", "c.pdf")));
    assertEquals(HEAD + "\"type\":\"audio\",\"audio\":{\"id\":\"1\"}}",
        json(new OutgoingContent.Media("audio", "1", null, null, null)));
  }

  @Test
  void recipientIsAlwaysInternational() {
    assertEquals("+919800000001", new OutgoingMessage("919800000001", new OutgoingContent.Text("x", false), null).to());
    assertEquals("+919800000001", new OutgoingMessage("+91 (98000) 00001", new OutgoingContent.Text("x", false), null).to());
    for (String bad : new String[] {null, "", "IN.", "IND.1001", "IN.10-01", "+0919800000001", "12345", "9198000000011234"}) {
      assertThrows(IllegalArgumentException.class,
          () -> new OutgoingMessage(bad, new OutgoingContent.Text("x", false), null), String.valueOf(bad));
    }
  }

  @Test
  void aCitizenKnownOnlyByABusinessScopedIdIsNamedInRecipientExactlyAsMetaSentIt() {
    String head = "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",";
    assertEquals(head + "\"recipient\":\"IN.13491208655302741918\",\"type\":\"text\",\"text\":{\"preview_url\":false,\"body\":\"ok\"}}",
        json(new OutgoingMessage("IN.13491208655302741918", new OutgoingContent.Text("ok", false), null)));
    OutgoingMessage parent = new OutgoingMessage("US.ENT.11815799212886844830", new OutgoingContent.Text("ok", false), null);
    assertTrue(parent.businessScoped());
    assertTrue(json(parent).contains("\"recipient\":\"US.ENT.11815799212886844830\""), json(parent));
    assertFalse(json(parent).contains("\"to\""), "a business-scoped id is never sent as a phone number");
    assertFalse(new OutgoingMessage("919800000001", new OutgoingContent.Text("ok", false), null).businessScoped());
  }
}
