package chaupal.whatsapp;

import java.util.List;

/**
 * One webhook POST: {@code object} and every {@code entry[].changes[]}, flattened in body order,
 * and the elements of the body that were set aside, in body order too.
 */
public record WebhookPayload(String object, List<Change> changes, List<RejectedElement> rejected) {

  public WebhookPayload {
    changes = List.copyOf(changes);
    rejected = List.copyOf(rejected);
  }
}
