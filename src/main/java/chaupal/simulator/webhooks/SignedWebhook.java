package chaupal.simulator.webhooks;

/** A webhook body and its {@code X-Hub-Signature-256} value; {@code wamid} is the citizen message inside. */
public record SignedWebhook(String wamid, byte[] body, String signature) {}
