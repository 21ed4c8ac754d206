/**
 * A stand-in for Meta's WhatsApp Cloud API and for citizens' phones, for the default run, the tests and
 * the load tests. It runs inside Chaupal's JVM and HTTP server and never when a real
 * {@code WHATSAPP_API_URL} is configured.
 *
 * <ul>
 *   <li>{@code POST /simulator/v23.0/{phone_number_id}/messages}: sends and mark-as-read, checked and
 *       limited like the Cloud API (190, 100, 130429, 131056, 131047), answered with Meta's JSON.
 *   <li>{@code POST /simulator/v23.0/{phone_number_id}/media}, {@code GET|DELETE /simulator/v23.0/{media_id}}
 *       and the download URLs under {@code /simulator/whatsapp_business/attachments/} (bearer token only).
 *   <li>Status webhooks {@code sent}, {@code delivered}, {@code read} (or {@code failed}) to the webhook URL,
 *       signed, in Meta's encoding, retried until a 200 a bounded number of times.
 *   <li>{@code /phone}: the phone page; {@code /phone/api/…}: its JSON API.
 *   <li>{@code /simulator/control/…}: failure injection, counters and received messages for tests and demos.
 * </ul>
 *
 * <p>This package is the entry point ({@link chaupal.simulator.Simulator}, its settings, business numbers,
 * counters, the control routes and the same-origin guard); each side has its own subpackage:
 * {@code graph} (what Chaupal calls), {@code phone} (the citizen's phone) and {@code webhooks} (what
 * the simulator posts to Chaupal).
 *
 * <p>Uses only {@code chaupal.whatsapp} (MetaJson, WebhookSignature, DeliveryStatus, ApiError).
 */
package chaupal.simulator;
