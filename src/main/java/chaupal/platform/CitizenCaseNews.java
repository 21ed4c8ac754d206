package chaupal.platform;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import chaupal.cases.AssigneeNotice;
import chaupal.cases.CaseChange;
import chaupal.cases.CaseWatcher;
import chaupal.citizen.Citizen;
import chaupal.citizen.QueuedReply;
import chaupal.tenancy.Directory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a case's changes meet the citizens' entities: the citizen who filed hears of every change
 * through their own line (so notices keep their order with the replies), and an official given the
 * case hears of it through the entity of their WhatsApp number. Both ask until persisted; both
 * recognise a repeat (case number and sequence), so the watch may deliver at least once.
 */
final class CitizenCaseNews implements CaseWatcher {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private final ClusterSharding sharding;
  private final Directory directory;

  CitizenCaseNews(ActorSystem<?> system, Directory directory) {
    this.sharding = ClusterSharding.get(system);
    this.directory = directory;
  }

  @Override
  public CompletionStage<Done> changed(CaseChange c) {
    Citizen.CaseNews news = new Citizen.CaseNews(c.number(), c.caseSequence(), c.step(), c.status().key(), c.channelId(),
        c.language(), c.category(), null, c.ulb(), c.department(), c.note(), c.photoMediaId() != null, c.atMillis(),
        c.dueAtMillis(), c.photoMediaId());
    CompletionStage<Done> citizen = c.citizenId() == null ? CompletableFuture.completedFuture(Done.getInstance())
        : sharding.entityRefFor(Citizen.ENTITY_KEY, c.citizenId())
            .<Done>askWithStatus(replyTo -> new Citizen.HearOfCase(news, replyTo), ASK_TIMEOUT);
    Optional<AssigneeNotice> notice = AssigneeNotice.of(directory, c);
    if (notice.isEmpty()) return citizen;
    AssigneeNotice n = notice.get();
    QueuedReply text = new QueuedReply(QueuedReply.TEXT, null, n.text(), null, null, List.of());
    Citizen.TemplateMessage template = n.template() == null ? null
        : new Citizen.TemplateMessage(n.template().name(), n.template().languageCode(), n.parameters());
    CompletionStage<Done> official = sharding.entityRefFor(Citizen.ENTITY_KEY, c.assigneeWhatsapp())
        .<Done>askWithStatus(replyTo -> new Citizen.Notify(c.number() + "#" + c.caseSequence(), c.channelId(), text, template,
            replyTo), ASK_TIMEOUT);
    return citizen.thenCombine(official, (a, b) -> Done.getInstance());
  }
}
