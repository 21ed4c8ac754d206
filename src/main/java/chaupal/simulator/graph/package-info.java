/**
 * Meta's side: the Graph API calls Chaupal makes ({@code /messages} sends and mark-as-read, media upload,
 * retrieval, download and deletion), checked and limited like the Cloud API (throughput, pair limit,
 * injected failures) and answered with Meta's errors.
 */
package chaupal.simulator.graph;
