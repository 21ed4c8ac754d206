/**
 * The few JDBC helpers every part shares: the blocking dispatcher, running a statement on it, a
 * projection transaction that hands its rows to a worker after the commit, a part's hook to forget
 * a citizen, the daily schedule of a part's retention sweep, and the CSV exports officials download
 * (streamed from a cursor). Uses nothing else of ours.
 */
package chaupal.db;
