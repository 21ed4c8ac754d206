package chaupal.console;

import java.util.List;

/** A page class of the web console (login, queue, case ...): the endpoints it answers, which {@link ConsoleWeb} routes. */
interface WebPage {
  List<WebEndpoint> endpoints();
}
