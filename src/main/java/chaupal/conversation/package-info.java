/**
 * The conversation: pure Java, no Akka, testable in microseconds.
 *
 * <p>{@link chaupal.conversation.ConversationEngine} is the one interpreter: {@code (channel,
 * state, input) -> Turn(state, replies, actions)}. What it interprets is data, built once at start:
 *
 * <ul>
 *   <li>a {@link chaupal.conversation.Flow} is an id and a list of {@link chaupal.conversation.Stage
 *       stages}; a stage has a key (its answer is kept under it), a {@link
 *       chaupal.conversation.Prompt} (question, buttons, location request, the menu, the language
 *       buttons), the input kinds it takes (text, choice, location, media), a check, a re-ask text
 *       and a {@link chaupal.conversation.Next} (another stage, a branch by button, or finish with an
 *       {@link chaupal.conversation.Action});
 *   <li>the main flow ({@link chaupal.conversation.MainMenu}) holds the menu and the language
 *       buttons; its {@link chaupal.conversation.MenuEntry entries} either answer at once or open a
 *       flow;
 *   <li>rules run before the current stage at every stage (language switch, no language yet, menu
 *       rows, greetings); a rule that answers leaves the flow.
 * </ul>
 *
 * <p>{@link chaupal.conversation.ConversationState} carries the flow, the stage and the answers
 * collected so far (a draft); an unknown flow or stage (from a newer node) reads like the menu. The
 * actions a turn decides are recorded by the citizen's entity in the same event as the message.
 *
 * <p>Grievances ({@link chaupal.conversation.Grievance}) are two flows of the same stages: a stage
 * is skipped when its answer is known (from the sentence the citizen started with, a shared
 * location, a remembered name), a {@link chaupal.conversation.Prompt.Built built prompt} lists the
 * tenant's categories, sub-types, departments or towns, and the last step files with {@code
 * FileCase}; the engine asks the citizen's entity for a case number by returning the filing without
 * one ({@link chaupal.conversation.Turn#needsCaseNumber()}). Emergency words, a typed case number
 * and the buttons of a case notice are rules placed before the stage (emergencies first); {@link
 * chaupal.conversation.Tracking} writes case statuses and notices, {@link
 * chaupal.conversation.Feedback} is the rating and reopening flow. Subscription consent will be a
 * one-stage flow with a button finishing with a subscribe action.
 */
package chaupal.conversation;
