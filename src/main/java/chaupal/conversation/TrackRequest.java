package chaupal.conversation;

/** The citizen asks after a case: one named by its number, or all of their open ones. */
sealed interface TrackRequest {

  record OneCase(CaseNumber number) implements TrackRequest {}

  record OpenCases() implements TrackRequest {}
}
