/**
 * Subscriptions and campaigns: the consent read model (who agreed to which topic on which channel),
 * audience selection, paced fan-out of approved templates through each citizen's own entity, and
 * campaign statistics. Uses {@code outbound} (templates, lanes) and {@code tenancy}.
 */
package chaupal.broadcast;
