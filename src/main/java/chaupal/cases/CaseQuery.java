package chaupal.cases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The conditions of a query over {@code grievance_case} with their parameters, collected in order so
 * that scope and filters are always bound, never spliced into the SQL.
 */
final class CaseQuery {

  private final List<String> conditions = new ArrayList<>();
  private final List<Object> parameters = new ArrayList<>();

  /** Adds a condition; a String[] or Integer[] parameter is bound as a SQL array. */
  CaseQuery where(String condition, Object... values) {
    conditions.add(condition);
    parameters.addAll(List.of(values));
    return this;
  }

  /** {@code column} is one of {@code values} (bound as one SQL array). */
  CaseQuery whereIn(String column, Object[] values) {
    conditions.add(column + " = ANY(?)");
    parameters.add(values);
    return this;
  }

  String whereClause() {
    return " WHERE " + String.join(" AND ", conditions);
  }

  /** Binds the parameters from index 1 and returns the next free index. */
  int bind(Connection c, PreparedStatement ps) throws SQLException {
    int i = 1;
    for (Object value : parameters) {
      if (value instanceof String[] texts) ps.setArray(i++, c.createArrayOf("varchar", texts));
      else if (value instanceof Integer[] numbers) ps.setArray(i++, c.createArrayOf("integer", numbers));
      else ps.setObject(i++, value);
    }
    return i;
  }
}
