package chaupal.conversation;

import static chaupal.conversation.ConversationEngineTest.DIRECTORY;
import static chaupal.conversation.ConversationEngineTest.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.tenancy.Channel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks every state reachable on a channel, feeding each one every button and row any reply offered
 * plus typed words of every kind and every unclear input, so that every reply the engine can produce
 * in every language passes the Cloud API limits ({@link ConversationEngineTest#step} checks each).
 */
class ConversationExplorationTest {

  static List<Channel> channels() {
    return DIRECTORY.channels();
  }

  // Each channel's walk is its own computation on the shared, immutable engine: the two cores take two at once.
  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  @org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
  void everyReachableReplyIsWithinTheLimits(Channel channel) {
    Set<Input> inputs = new LinkedHashSet<>(ConversationEngineTest.unclearInputs());
    for (String language : DIRECTORY.languages()) {
      var catalog = DIRECTORY.catalog(language);
      for (String key : catalog.keys()) {
        if (catalog.hasWords(key)) catalog.words(key).forEach(w -> inputs.add(new Input.Text(w)));
      }
      inputs.add(new Input.Choice("language:" + language, "x"));
    }
    Set<ConversationState> seen = new HashSet<>();
    Set<List<Object>> shapes = new HashSet<>();
    Set<String> replyKinds = new HashSet<>();
    Deque<ConversationState> queue = new ArrayDeque<>(List.of(ConversationState.NEW));
    seen.add(ConversationState.NEW);
    int turns = 0;
    while (!queue.isEmpty()) {
      ConversationState state = queue.poll();
      for (String preferred : new String[] {null, "en", "hi", "pa"}) {
        for (Input input : new ArrayList<>(inputs)) {
          Turn turn = step(channel, state, preferred, input);
          turns++;
          for (Reply reply : turn.replies()) {
            replyKinds.add(reply.getClass().getSimpleName());
            if (reply instanceof Reply.ButtonsReply b) b.options().forEach(o -> inputs.add(new Input.Choice(o.id(), o.title())));
            if (reply instanceof Reply.ListReply l) {
              l.sections().forEach(s -> s.rows().forEach(r -> inputs.add(new Input.Choice(r.id(), r.title()))));
            }
          }
          if (seen.add(turn.next()) && shapes.add(shape(turn.next()))) queue.add(turn.next());
        }
      }
    }
    Set<String> expectedKinds = new HashSet<>(Set.of("TextReply", "ButtonsReply", "ListReply"));
    // Issue 11: the grievance flow asks for a location (Samvad 24x7 asks for an address instead).
    if (!Grievance.isSamvad(DIRECTORY.tenantOf(channel))) expectedKinds.add("LocationRequestReply");
    assertEquals(expectedKinds, replyKinds);
    Set<String> languagesReached = new HashSet<>();
    seen.forEach(s -> languagesReached.add(s.language()));
    assertTrue(languagesReached.containsAll(channel.languages()), languagesReached.toString());
    assertTrue(turns > 100, "explored " + turns + " turns");
  }

  /**
   * A state as far as the replies differ in kind: its stage and which answers a draft holds, not
   * their values (which category, which words the citizen wrote). Without this, grievance drafts of
   * every word and button the inputs hold make the walk endless; every category's and tenant's lists
   * are checked one by one in GrievanceFlowTest.
   */
  static List<Object> shape(ConversationState state) {
    return List.of(state.flow(), state.stage(), String.valueOf(state.language()), state.privacyNoticeGiven(),
        new java.util.TreeSet<>(state.answers().keySet()), String.valueOf(state.answers().get("_page")),
        new java.util.TreeSet<>(state.remembered().keySet()));
  }
}
