package chaupal.conversation;

import chaupal.conversation.Stage.Check;
import chaupal.conversation.Stage.InputKind;
import chaupal.tenancy.Directory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A test flow shaped like the grievance flow to come: a description (text, checked), a place
 * (location pin or typed address), a summary with file/edit buttons that branch, and a FileCase
 * action at the end, opened from its own menu row. Its texts are appended to a copy of the shipped
 * catalogs. Public so that the citizen's tests can run an entity on it.
 */
public final class ComplaintFlow {

  public static final String ID = "complaint";

  static final String TEXTS =
      """

      complaint {
        describe = "What is wrong? Please describe it in a few words."
        too-short = "Please write a little more."
        where = "Where is it? Share your location or type the address."
        where-again = "Please share your location or type the address."
        summary = "You wrote: {description}\\nPlace: {place}\\nFile this complaint?"
        file = "File it"
        edit = "Edit"
        tap = "Please tap File it or Edit."
        filed = "Thank you. We are filing your complaint about: {description}"
      }
      menu.complaint { title = "Test complaint", description = "A flow for the tests" }
      match.complaint = ["file complaint"]
      """;

  static final Flow FLOW =
      new Flow(
          ID,
          List.of(
              Stage.ask("description", new Prompt.Question("complaint.describe"), Set.of(InputKind.TEXT),
                  Check.atLeast(10), "complaint.too-short", new Next.To("place")),
              Stage.ask("place", new Prompt.LocationRequest("complaint.where"),
                  Set.of(InputKind.LOCATION, InputKind.TEXT), Check.ANY, "complaint.where-again", new Next.To("confirm")),
              Stage.ask("confirm",
                  new Prompt.Buttons("complaint.summary",
                      List.of(new Prompt.Button("file", "complaint.file"), new Prompt.Button("edit", "complaint.edit"))),
                  Set.of(InputKind.CHOICE), Check.ANY, "complaint.tap",
                  new Next.ByAnswer(Map.of(
                      "file", new Next.Finish("complaint.filed", answers -> new Action.FileCase(ID, answers)),
                      "edit", new Next.To("description"))))));

  private ComplaintFlow() {}

  /** A copy of {@code project-config/} in {@code dir} whose catalogs also hold the test flow's texts. */
  public static Directory directory(Path dir) throws IOException {
    Path source = Path.of(Directory.DEFAULT_CONFIG_DIR);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = dir.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) Files.createDirectories(target);
        else Files.copy(file, target);
      }
    }
    try (Stream<Path> catalogs = Files.list(dir.resolve("catalogs"))) {
      for (Path catalog : catalogs.filter(p -> p.toString().endsWith(".conf")).toList()) {
        Files.writeString(catalog, Files.readString(catalog) + TEXTS);
      }
    }
    return Directory.load(dir);
  }

  /** The shipped conversation plus the test flow and its menu row. */
  public static ConversationEngine engine(Directory directory) {
    List<MenuEntry> menu = new ArrayList<>(MainMenu.ENTRIES);
    menu.add(MenuEntry.opens(ID, voice -> true, ID, null));
    return new ConversationEngine(directory, menu, List.of(FLOW));
  }
}
