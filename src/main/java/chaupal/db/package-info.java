/**
 * The few JDBC helpers every part shares: the blocking dispatcher, running a statement on it, a
 * projection transaction that hands its rows to a worker after the commit, a part's hook to forget
 * a citizen, and the daily schedule of a part's retention sweep. Uses nothing else of ours.
 */
package chaupal.db;
