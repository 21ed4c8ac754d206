package chaupal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.util.ByteString;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import com.typesafe.config.ConfigFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CsvExportTest {

  static Database db;
  static ActorTestKit kit;

  @BeforeAll
  static void start() {
    db = TestDatabase.create("csv_export");
    kit = ActorTestKit.create("csv", ConfigFactory.parseString("akka.actor.provider = local").withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() throws Exception {
    kit.shutdownTestKit();
    db.close();
  }

  @Test
  void theFormulaGuard() {
    assertEquals("'=1+1", CsvExport.guarded("=1+1"));
    assertEquals("'+91", CsvExport.guarded("+91"));
    assertEquals("'-2", CsvExport.guarded("-2"));
    assertEquals("'@SUM(A1)", CsvExport.guarded("@SUM(A1)"));
    assertEquals("'\t=1", CsvExport.guarded("\t=1"));
    assertEquals("jal.water", CsvExport.guarded("jal.water"));
    assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",\"line\nbreak\"\r\n",
        CsvExport.of(List.of(List.of("a", "b,c", "say \"hi\"", "line\nbreak"))));
  }

  @Test
  void aLongExportStreamsEveryRowInOrderAndGivesItsConnectionBack() throws Exception {
    String csv = text(CsvExport.streamed(db.dataSource(), List.of("n", "cell"), series(1_234)));
    List<String> lines = List.of(csv.split("\r\n"));
    assertEquals(1 + 1_234, lines.size(), "the header and one line a row, over several chunks");
    assertEquals("n,cell", lines.get(0));
    assertEquals("1,\"'=cell 1\"", lines.get(1), "guarded like any other export");
    assertEquals("1234,\"'=cell 1234\"", lines.get(1_234));
    try (Connection c = db.dataSource().getConnection()) {
      assertTrue(c.getAutoCommit(), "the pooled connection is back in autocommit");
    }
  }

  @Test
  void aFailureHalfWayBreaksTheDownloadOff() {
    CsvExport.Rows failing = new CsvExport.Rows() {
      @Override
      public PreparedStatement prepare(Connection c) throws SQLException {
        return c.prepareStatement("SELECT n, 1 / (700 - n) FROM generate_series(1, 1000) AS n ORDER BY n");
      }

      @Override
      public List<String> cells(ResultSet rs) throws SQLException {
        return List.of(rs.getString(1), rs.getString(2));
      }
    };
    ExecutionException e = assertThrows(ExecutionException.class, () -> text(CsvExport.streamed(db.dataSource(), List.of("n", "x"), failing)));
    assertTrue(String.valueOf(e.getCause().getMessage()).contains("division by zero"), String.valueOf(e.getCause()));
  }

  private static CsvExport.Rows series(int rows) {
    return new CsvExport.Rows() {
      @Override
      public PreparedStatement prepare(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement("SELECT n, '=cell ' || n FROM generate_series(1, ?) AS n ORDER BY n");
        ps.setInt(1, rows);
        return ps;
      }

      @Override
      public List<String> cells(ResultSet rs) throws SQLException {
        return List.of(rs.getString(1), rs.getString(2));
      }
    };
  }

  private static String text(akka.stream.javadsl.Source<ByteString, akka.NotUsed> source) throws Exception {
    return source.runFold(ByteString.emptyByteString(), ByteString::concat, kit.system())
        .toCompletableFuture().get(30, TimeUnit.SECONDS).utf8String();
  }
}
