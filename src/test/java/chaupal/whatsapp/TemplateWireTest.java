package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Template webhooks and the template list as Meta writes them (templates reference §2.1, §2.6). */
class TemplateWireTest {

  private static WebhookPayload parse(String... changes) throws Exception {
    String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"200000000000001\",\"time\":1751247548,\"changes\":["
        + String.join(",", changes) + "]}]}";
    return WebhookParser.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void statusUpdate() throws Exception {
    WebhookPayload p = parse("{\"field\":\"message_template_status_update\",\"value\":{\"event\":\"PAUSED\",\"message_template_id\":1689556908129835,"
        + "\"message_template_name\":\"chaupal_case_update\",\"message_template_language\":\"en-US\",\"reason\":\"NONE\","
        + "\"message_template_category\":\"UTILITY\",\"other_info\":{\"title\":\"FIRST_PAUSE\",\"description\":\"low quality\"}}}");
    assertEquals(List.of(), p.rejected());
    TemplateChange t = p.changes().get(0).templates().get(0);
    assertEquals(new TemplateChange(TemplateChange.Kind.STATUS, "200000000000001", "1689556908129835", "chaupal_case_update", "en_US",
        Instant.ofEpochSecond(1751247548), "PAUSED", "FIRST_PAUSE", null, "UTILITY", null), t);
    assertNull(p.changes().get(0).phoneNumberId());
  }

  @Test
  void qualityUpdateEvenUnderMetasMislabelledField() throws Exception {
    String value = "\"value\":{\"previous_quality_score\":\"GREEN\",\"new_quality_score\":\"YELLOW\",\"message_template_id\":806312974732579,"
        + "\"message_template_name\":\"welcome_template\",\"message_template_language\":\"en_US\"}";
    WebhookPayload p = parse("{\"field\":\"message_template_quality_update\"," + value + "}",
        "{\"field\":\"message_template_status_update\"," + value + "}");
    for (Change c : p.changes()) {
      assertEquals(TemplateChange.Kind.QUALITY, c.templates().get(0).kind());
      assertEquals("YELLOW", c.templates().get(0).quality());
    }
  }

  @Test
  void categoryUpdateBothShapes() throws Exception {
    WebhookPayload p = parse(
        "{\"field\":\"template_category_update\",\"value\":{\"message_template_id\":278077987957091,\"message_template_name\":\"welcome_template\","
            + "\"message_template_language\":\"en-US\",\"new_category\":\"UTILITY\",\"correct_category\":\"MARKETING\",\"category_update_timestamp\":1746169200}}",
        "{\"field\":\"template_category_update\",\"value\":{\"message_template_id\":278077987957091,\"message_template_name\":\"welcome_template\","
            + "\"message_template_language\":\"en-US\",\"previous_category\":\"UTILITY\",\"new_category\":\"MARKETING\"}}");
    TemplateChange announced = p.changes().get(0).templates().get(0);
    assertEquals("UTILITY", announced.category());
    assertEquals("MARKETING", announced.comingCategory());
    TemplateChange done = p.changes().get(1).templates().get(0);
    assertEquals("MARKETING", done.category());
    assertNull(done.comingCategory());
  }

  @Test
  void aMalformedTemplateChangeIsSetAsideAlone() throws Exception {
    WebhookPayload p = parse(
        "{\"field\":\"message_template_status_update\",\"value\":{\"event\":\"APPROVED\",\"message_template_name\":\"Bad Name\",\"message_template_language\":\"en\"}}",
        "{\"field\":\"message_template_quality_update\",\"value\":{\"new_quality_score\":\"PURPLE\",\"message_template_name\":\"a\",\"message_template_language\":\"en\"}}",
        "{\"field\":\"template_category_update\",\"value\":{\"message_template_name\":\"a\",\"message_template_language\":\"en\"}}",
        "{\"field\":\"message_template_status_update\",\"value\":{\"event\":\"APPROVED\",\"message_template_id\":\"x1\",\"message_template_name\":\"a\",\"message_template_language\":\"en\"}}",
        "{\"field\":\"message_template_status_update\",\"value\":{\"event\":\"APPROVED\",\"message_template_name\":\"good_one\",\"message_template_language\":\"hi\"}}");
    assertEquals(4, p.rejected().size(), p.rejected().toString());
    assertTrue(p.rejected().get(0).reason().contains("message_template_name"), p.rejected().get(0).reason());
    assertTrue(p.rejected().get(1).reason().contains("PURPLE"));
    assertEquals(1, p.changes().size());
    assertEquals("good_one", p.changes().get(0).templates().get(0).name());
  }

  @Test
  void aTemplateChangeNeedsTheAccountsId() throws Exception {
    String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"message_template_status_update\","
        + "\"value\":{\"event\":\"APPROVED\",\"message_template_name\":\"a\",\"message_template_language\":\"en\"}}]}]}";
    WebhookPayload p = WebhookParser.parse(body.getBytes(StandardCharsets.UTF_8));
    assertEquals(1, p.rejected().size());
    assertTrue(p.changes().isEmpty());
  }

  @Test
  void templateListPageAndCursor() {
    String page = "{\"data\":[{\"name\":\"chaupal_case_update\",\"language\":\"en_US\",\"status\":\"APPROVED\",\"category\":\"UTILITY\","
        + "\"quality_score\":{\"score\":\"GREEN\",\"date\":1758754645},\"rejected_reason\":\"NONE\",\"components\":["
        + "{\"type\":\"HEADER\",\"format\":\"IMAGE\"},{\"type\":\"BODY\",\"text\":\"Case {{1}} is {{2}}; {{1}} again\"}]},"
        + "{\"language\":\"en\"}],"
        + "\"paging\":{\"cursors\":{\"before\":\"QVFI\",\"after\":\"QVFIUk\"},\"next\":\"https://graph.facebook.com/v23.0/1/message_templates?after=QVFIUk\"}}";
    TemplatePage p = CloudApiClient.interpretTemplates("200000000000001", 200, page.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(new MessageTemplate("chaupal_case_update", "en_US", "APPROVED", "UTILITY", "GREEN", null, "IMAGE",
        "Case {{1}} is {{2}}; {{1}} again", 2)), p.templates());
    assertEquals("QVFIUk", p.after());
    assertEquals(1, p.skipped());
    TemplatePage last = CloudApiClient.interpretTemplates("1", 200,
        "{\"data\":[],\"paging\":{\"cursors\":{\"after\":\"END\"}}}".getBytes(StandardCharsets.UTF_8));
    assertNull(last.after(), "without paging.next there is no next page");
    CloudApiException refused = assertThrows(CloudApiException.class, () -> CloudApiClient.interpretTemplates("1", 400,
        "{\"error\":{\"message\":\"Invalid OAuth access token\",\"type\":\"OAuthException\",\"code\":190}}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(refused.getMessage().contains("190"), refused.getMessage());
  }
}
