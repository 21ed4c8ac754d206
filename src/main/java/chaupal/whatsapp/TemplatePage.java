package chaupal.whatsapp;

import java.util.List;

/**
 * One page of {@code GET /{waba-id}/message_templates}. {@code after} is the cursor of the next page
 * ({@code paging.cursors.after} when {@code paging.next} is present), null on the last page.
 * {@code skipped} counts elements that were no template (no name or language).
 */
public record TemplatePage(List<MessageTemplate> templates, String after, int skipped) {

  public TemplatePage {
    templates = List.copyOf(templates);
  }
}
