package chaupal.conversation;

import chaupal.conversation.Prompt.Built;
import chaupal.conversation.Prompt.Choice;
import chaupal.conversation.Stage.Check;
import chaupal.conversation.Stage.InputKind;
import chaupal.conversation.Stage.Reading;
import chaupal.conversation.Stage.Reading.Took;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The citizen's word on a resolved case, as data: "Resolved, thank you" asks a rating of 1 to 5,
 * which closes the case; "Not resolved" asks why (or Skip) and reopens it. The case's number is the
 * answer {@link #CASE}, set by the rule that reads the notice's buttons.
 */
final class Feedback {

  static final String FLOW = "feedback";
  static final String CASE = "case";
  static final String RATING = "rating";
  static final String REASON = "reason";

  private Feedback() {}

  static Flow flow() {
    Built stars =
        new Built(
            List.of("feedback.rate", "feedback.star"),
            (voice, answers) -> voice.text("feedback.rate", Map.of("case", answers.getOrDefault(CASE, ""))),
            (voice, answers) ->
                IntStream.rangeClosed(1, 5)
                    .map(n -> 6 - n)
                    .mapToObj(n -> new Choice(Integer.toString(n), voice.text("feedback.star", Map.of("stars", "⭐".repeat(n), "count", Integer.toString(n))), null))
                    .toList(),
            false);
    Stage.Reader rating =
        (draft, input, prefix) -> {
          String value = null;
          if (input instanceof Input.Choice choice && choice.id() != null && choice.id().startsWith(prefix)) {
            value = choice.id().substring(prefix.length());
          } else if (input instanceof Input.Text text) {
            String[] keys = TextKey.tokens(text.body());
            if (keys.length == 1) value = keys[0];
          }
          return value != null && value.matches("[1-5]") ? new Took(value) : Reading.AGAIN;
        };
    Built why =
        new Built(
            List.of("feedback.why", "grievance.skip"),
            (voice, answers) -> voice.text("feedback.why", Map.of("case", answers.getOrDefault(CASE, ""))),
            (voice, answers) -> List.of(new Choice("skip", voice.text("grievance.skip"), null)),
            false);
    Stage.Reader reason =
        (draft, input, prefix) -> {
          if (input instanceof Input.Choice choice && (prefix + "skip").equals(choice.id())) return new Took("");
          if (input instanceof Input.Text text && !text.body().isBlank()) return new Took(text.body().strip());
          return Reading.AGAIN;
        };
    return new Flow(
        FLOW,
        List.of(
            Stage.ask(RATING, stars, Set.of(InputKind.CHOICE, InputKind.TEXT), Check.ANY, "feedback.rate-again",
                    new Next.Finish("feedback.thanks", a -> new Action.RateCase(a.get(CASE), Integer.parseInt(a.get(RATING)))))
                .readBy(rating),
            Stage.ask(REASON, why, Set.of(InputKind.CHOICE, InputKind.TEXT), Check.ANY, "feedback.why",
                    new Next.Finish("feedback.reopened",
                        a -> new Action.ReopenCase(a.get(CASE), a.get(REASON).isEmpty() ? null : a.get(REASON))))
                .readBy(reason)));
  }
}
