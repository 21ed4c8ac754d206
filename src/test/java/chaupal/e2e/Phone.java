package chaupal.e2e;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.platform.TestNode;
import chaupal.simulator.Simulator;
import chaupal.simulator.phone.ReceivedSend;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A citizen's phone in the end-to-end tests: sends through the simulator, reads what the bot sent back. */
final class Phone {

  final Simulator simulator;
  final String channel;
  final String citizen;

  Phone(TestNode node, String channel, String citizen) {
    this.simulator = node.simulator();
    this.channel = channel;
    this.citizen = citizen;
  }

  void send(String text) {
    assertEquals(200, join(simulator.sendText(channel, citizen, text)), "webhook for \"" + text + "\"");
  }

  void tap(String choiceId) {
    assertEquals(200, join(simulator.tap(channel, citizen, choiceId)), "webhook for tap on " + choiceId);
  }

  List<ReceivedSend> received() {
    return simulator.received(channel, citizen);
  }

  /** Waits until at least {@code count} messages reached the phone, and returns them all. */
  List<ReceivedSend> awaitCount(int count) {
    try {
      return simulator.awaitReceived(channel, citizen, count, TestNode.patience()).toCompletableFuture()
          .get(TestNode.patience().toSeconds() + 5, TimeUnit.SECONDS);
    } catch (Exception e) {
      fail("the phone has " + received().size() + " messages, expected at least " + count + ": " + texts(received()), e);
      return List.of();
    }
  }

  /** Waits until a message after the first {@code after} satisfies the condition; returns that message. */
  ReceivedSend awaitMessage(int after, Predicate<ReceivedSend> condition, String what) {
    long deadline = System.nanoTime() + TestNode.patience().toNanos();
    int seen = after;
    while (System.nanoTime() < deadline) {
      List<ReceivedSend> all = awaitCount(seen + 1);
      for (int i = after; i < all.size(); i++) {
        if (condition.test(all.get(i))) return all.get(i);
      }
      seen = all.size();
    }
    fail("no " + what + " after message " + after + ": " + texts(received()));
    return null;
  }

  static boolean offers(ReceivedSend m, String choiceId) {
    return m.choice(choiceId).isPresent();
  }

  static String texts(List<ReceivedSend> messages) {
    return messages.stream().map(m -> "[" + m.interactiveType() + "] " + m.text()).toList().toString();
  }

  private static int join(java.util.concurrent.CompletionStage<Integer> status) {
    try {
      return status.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("webhook did not complete", e);
    }
  }
}
