package chaupal.whatsapp;

import java.util.List;

/** One webhook POST: {@code object} and every {@code entry[].changes[]}, flattened in body order. */
public record WebhookPayload(String object, List<Change> changes) {

  public WebhookPayload {
    changes = List.copyOf(changes);
  }
}
