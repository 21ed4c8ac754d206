package chaupal.testing;

import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * An actor system for entities on the persistence test kit's journal, without a cluster and
 * without starting the JDBC journal and snapshot store, which would fail for want of a database.
 */
public final class EntityTestConfig {

  private EntityTestConfig() {}

  public static Config config() {
    return EventSourcedBehaviorTestKit.config()
        .withFallback(ConfigFactory.parseString("""
            akka.actor.provider = local
            akka.persistence.journal.auto-start-journals = []
            akka.persistence.snapshot-store.auto-start-snapshot-stores = []
            """))
        .withFallback(ConfigFactory.load());
  }
}
