package chaupal.db;

import akka.NotUsed;
import akka.stream.ActorAttributes;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Exports officials download as CSV (RFC 4180, Jackson's writer), every cell guarded against being
 * run as a spreadsheet formula. A long export (a campaign's recipients, one line each) streams from a
 * database cursor, a few hundred rows at a time, so that it never sits whole in a node's memory.
 */
public final class CsvExport {

  /** One query's rows: the statement to run, and each row as its cells. */
  public interface Rows {
    PreparedStatement prepare(Connection c) throws SQLException;

    List<String> cells(ResultSet rs) throws SQLException;
  }

  private static final ObjectWriter WRITER = new CsvMapper().writer(CsvSchema.emptySchema().withLineSeparator("\r\n"));
  private static final int ROWS_A_CHUNK = 500;

  private CsvExport() {}

  /** Small exports, built whole. */
  public static String of(List<List<String>> lines) {
    try {
      return WRITER.writeValueAsString(lines.stream().map(CsvExport::guarded).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("CSV did not serialize", e);
    }
  }

  /**
   * The header line, then the rows as the cursor gives them, on the blocking dispatcher. A failure
   * part-way fails the stream (the download breaks off) rather than ending a file that looks whole.
   */
  public static Source<ByteString, NotUsed> streamed(DataSource dataSource, List<String> header, Rows rows) {
    Source<ByteString, NotUsed> body = Source.unfoldResource(
        () -> new Cursor(dataSource, rows),
        Cursor::next,
        Cursor::close).withAttributes(ActorAttributes.dispatcher(BlockingSql.DISPATCHER));
    return Source.single(ByteString.fromArrayUnsafe(bytes(List.of(guarded(header))))).concat(body);
  }

  /**
   * A cell that a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage
   * return before one) gets a leading apostrophe, after OWASP's advice on CSV injection.
   */
  public static String guarded(String cell) {
    if (cell == null || cell.isEmpty()) return "";
    char first = cell.charAt(0);
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + cell : cell;
  }

  private static List<String> guarded(List<String> line) {
    return line.stream().map(CsvExport::guarded).toList();
  }

  private static byte[] bytes(List<List<String>> lines) {
    try {
      return WRITER.writeValueAsBytes(lines);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("CSV did not serialize", e);
    }
  }

  /** A read-only transaction, so that PostgreSQL's driver fetches by the fetch size, not the whole result. */
  private static final class Cursor {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet results;
    private final Rows rows;

    Cursor(DataSource dataSource, Rows rows) throws SQLException {
      this.rows = rows;
      this.connection = dataSource.getConnection();
      try {
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        statement = rows.prepare(connection);
        statement.setFetchSize(ROWS_A_CHUNK);
        results = statement.executeQuery();
      } catch (SQLException | RuntimeException e) {
        try {
          release();
        } catch (SQLException closing) {
          e.addSuppressed(closing); // the query's own failure is the one to report
        }
        throw e;
      }
    }

    Optional<ByteString> next() throws SQLException {
      List<List<String>> chunk = new ArrayList<>(ROWS_A_CHUNK);
      while (chunk.size() < ROWS_A_CHUNK && results.next()) chunk.add(guarded(rows.cells(results)));
      return chunk.isEmpty() ? Optional.empty() : Optional.of(ByteString.fromArrayUnsafe(bytes(chunk)));
    }

    void close() throws SQLException {
      release();
    }

    private void release() throws SQLException {
      try {
        connection.rollback();
        connection.setReadOnly(false);
        connection.setAutoCommit(true);
      } finally {
        connection.close();
      }
    }
  }
}
