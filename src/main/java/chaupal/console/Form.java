package chaupal.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A submitted form: its fields (urlencoded or multipart) and its files (multipart only). Sizes are
 * bounded when it is read ({@code chaupal.console.web.max-upload-bytes}).
 */
record Form(Map<String, List<String>> fields, List<Upload> files) {

  static final Form EMPTY = new Form(Map.of(), List.of());

  Form {
    fields = Map.copyOf(fields);
    files = List.copyOf(files);
  }

  /** The first value of a field, trimmed; blank counts as absent. */
  Optional<String> field(String name) {
    return fields.getOrDefault(name, List.of()).stream().map(String::trim).filter(v -> !v.isEmpty()).findFirst();
  }

  List<String> all(String name) {
    return fields.getOrDefault(name, List.of());
  }

  /** The first non-empty file sent in a field. */
  Optional<Upload> file(String name) {
    return files.stream().filter(f -> f.field().equals(name) && f.bytes().length > 0).findFirst();
  }

  /** A file as the browser sent it: the field, the file's own name and claimed type (neither trusted), its bytes. */
  record Upload(String field, String filename, String contentType, byte[] bytes) {}
}
