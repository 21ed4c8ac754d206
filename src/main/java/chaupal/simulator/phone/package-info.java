/**
 * The citizen's phone: the conversations it holds with each business number (history, the 24-hour
 * window, what it received and read), what a citizen sends from it, and the phone page at {@code /phone}.
 */
package chaupal.simulator.phone;
