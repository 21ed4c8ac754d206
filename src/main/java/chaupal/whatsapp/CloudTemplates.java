package chaupal.whatsapp;

import java.util.concurrent.CompletionStage;

/**
 * A business account's message templates (templates reference §2.1). The stage fails with
 * {@link CloudApiException} when Meta refuses or does not answer: a sync is retried as a whole.
 */
public interface CloudTemplates {

  /** Fields a sync asks for. */
  String FIELDS = "name,language,status,category,components,quality_score,rejected_reason";

  /** The page after {@code after} (null: the first), at most {@code limit} templates. */
  CompletionStage<TemplatePage> templates(String wabaId, String after, int limit);
}
