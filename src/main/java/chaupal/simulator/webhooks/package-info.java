/**
 * What the simulator posts to Chaupal: citizen messages and status webhooks in Meta's encoding, signed
 * with {@code X-Hub-Signature-256} and retried until a 200 the way Meta retries.
 */
package chaupal.simulator.webhooks;
