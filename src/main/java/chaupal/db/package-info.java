/**
 * The few JDBC helpers every part shares: the blocking dispatcher, running a statement on it, a
 * projection transaction that hands its rows to a worker after the commit, and a part's hook to
 * forget a citizen. Uses nothing else of ours.
 */
package chaupal.db;
