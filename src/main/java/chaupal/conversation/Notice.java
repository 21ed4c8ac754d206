package chaupal.conversation;

import chaupal.tenancy.Channel;
import java.util.List;

/**
 * How to tell a citizen about a case change: the reply to send inside the 24-hour window, and the
 * approved template with its parameters, in the template's order, to send outside it ({@code
 * template} null when the channel has none for case updates: then nothing can go out after the window).
 */
public record Notice(Reply reply, Channel.Template template, List<String> parameters) {
  public Notice {
    parameters = parameters == null ? List.of() : List.copyOf(parameters);
  }
}
