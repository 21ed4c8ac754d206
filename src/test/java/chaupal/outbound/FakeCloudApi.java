package chaupal.outbound;

import chaupal.whatsapp.CloudApi;
import chaupal.whatsapp.SendResult;
import chaupal.whatsapp.MetaJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A Cloud API that answers from a script (by message text; accepted by default), remembers every
 * call in order, and notes any second send to a citizen while one is still unanswered.
 */
final class FakeCloudApi implements CloudApi {

  /** One request: what was sent and what was answered; {@code answeredLate} when answered after {@link #markStop()}. */
  record Call(int seq, String channel, String to, String text, SendResult result, boolean answeredLate, JsonNode request) {
    boolean accepted() {
      return result instanceof SendResult.Accepted;
    }

    String wamid() {
      return result instanceof SendResult.Accepted a ? a.wamid() : null;
    }
  }

  private final Map<String, Deque<SendResult>> script = new ConcurrentHashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final Set<String> unanswered = ConcurrentHashMap.newKeySet();
  private final List<String> overlaps = new ArrayList<>();
  private final AtomicInteger seq = new AtomicInteger();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fake-cloud-api");
    t.setDaemon(true);
    return t;
  });
  private volatile Duration latency = Duration.ZERO;
  private volatile boolean stopMarked;

  void script(String text, SendResult... answers) {
    script.computeIfAbsent(text, t -> new ArrayDeque<>()).addAll(List.of(answers));
  }

  void latency(Duration latency) {
    this.latency = latency;
  }

  /** From now on, answers count as late: the system that asked may be gone. */
  void markStop() {
    stopMarked = true;
  }

  @Override
  public CompletionStage<SendResult> send(String phoneNumberId, byte[] requestJson) {
    JsonNode json;
    try {
      json = MetaJson.READER.readTree(requestJson);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The request names the citizen in international form; the script and the assertions use their wa_id.
    String to = json.path("to").asText().replaceFirst("^\\+", "");
    // A template is known by its name: "template:<name>".
    String text = json.has("template") ? "template:" + json.path("template").path("name").asText()
        : json.path("text").path("body").asText();
    if (!unanswered.add(to)) {
      synchronized (this) {
        overlaps.add(text);
      }
    }
    int n = seq.incrementAndGet();
    Deque<SendResult> answers = script.get(text);
    SendResult scripted = answers == null ? null : answers.poll();
    SendResult result = scripted != null ? scripted : new SendResult.Accepted("wamid.FAKE" + n);
    CompletableFuture<SendResult> answer = new CompletableFuture<>();
    Runnable respond = () -> {
      synchronized (this) {
        calls.add(new Call(n, phoneNumberId, to, text, result, stopMarked, json));
      }
      unanswered.remove(to);
      answer.complete(result);
    };
    if (latency.isZero()) {
      respond.run();
    } else {
      timer.schedule(respond, latency.toMillis(), TimeUnit.MILLISECONDS);
    }
    return answer;
  }

  /** Requests received, answered or not. */
  int requests() {
    return seq.get();
  }

  /** Every answered call, in the order answered. */
  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized List<String> overlaps() {
    return List.copyOf(overlaps);
  }

  List<Call> callsFor(String text) {
    return calls().stream().filter(c -> c.text().equals(text)).toList();
  }

  long acceptedCount() {
    return calls().stream().filter(Call::accepted).count();
  }

  long acceptedCount(String channel) {
    return calls().stream().filter(c -> c.accepted() && c.channel().equals(channel)).count();
  }

  /** The texts a citizen got, in order of their first acceptance. */
  List<String> acceptedTextsOf(String to) {
    return new ArrayList<>(calls().stream().filter(c -> c.accepted() && c.to().equals(to))
        .map(Call::text).collect(Collectors.toCollection(LinkedHashSet::new)));
  }
}
