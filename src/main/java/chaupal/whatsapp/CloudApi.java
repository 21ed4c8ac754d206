package chaupal.whatsapp;

import java.util.concurrent.CompletionStage;

/** Sends one prepared request body to {@code {base}/{phoneNumberId}/messages}. Never fails the stage: errors are {@link SendResult.Rejected}. */
public interface CloudApi {

  CompletionStage<SendResult> send(String phoneNumberId, byte[] requestJson);
}
