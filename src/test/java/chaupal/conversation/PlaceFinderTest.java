package chaupal.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceFinderTest {

  static final List<Place> PLACES =
      List.of(
          new Place("ZRK", List.of("Zirakpur", "ज़ीरकपुर", "ਜ਼ੀਰਕਪੁਰ"), 30.6425, 76.8173),
          new Place("MOH", List.of("Mohali", "SAS Nagar", "मोहाली", "ਮੋਹਾਲੀ"), 30.7046, 76.7179),
          new Place("DBS", List.of("Dera Bassi", "डेरा बस्सी", "ਡੇਰਾ ਬੱਸੀ"), 30.5872, 76.8428),
          new Place("KHR", List.of("Kharar", "खरड़", "ਖਰੜ"), 30.7460, 76.6469),
          new Place("JAL", List.of("Jalandhar", "जालंधर", "ਜਲੰਧਰ"), 31.3260, 75.5762));

  private final PlaceFinder finder = new PlaceFinder(PLACES, 15);

  @Test
  void nearestWithinTheDistance() {
    assertEquals(new Match.Confident("ZRK"), finder.near(30.6425, 76.8173));
    assertEquals(new Match.Confident("ZRK"), finder.near(30.6510, 76.8100));
    assertEquals(new Match.Confident("MOH"), finder.near(30.7046, 76.7179));
    assertEquals(new Match.Confident("DBS"), finder.near(30.5900, 76.8450));
  }

  @Test
  void nothingFarAway() {
    assertEquals(Match.NONE, finder.near(15.0, 70.0));
    assertEquals(Match.NONE, finder.near(30.9010, 75.8573));
    assertEquals(Match.NONE, new PlaceFinder(List.of(), 15).near(30.6425, 76.8173));
  }

  @Test
  void haversineKnowsTheDistanceBetweenZirakpurAndMohali() {
    double km = PlaceFinder.kilometres(30.6425, 76.8173, 30.7046, 76.7179);
    assertEquals(12.0, km, 0.5);
  }

  @Test
  void namesInAnyScriptAreConfident() {
    for (String typed : List.of("Zirakpur", "jirakpur", "ZIRAKPUR", "ज़ीरकपुर", "जीरकपुर", "ज़िरकपुर", "ਜ਼ੀਰਕਪੁਰ",
        "mera shehar zirakpur hai")) {
      assertEquals(new Match.Confident("ZRK"), finder.named(typed), typed);
    }
    assertEquals(new Match.Confident("MOH"), finder.named("sas nagar"));
    assertEquals(new Match.Confident("JAL"), finder.named("ਜਲੰਧਰ"));
    assertEquals(new Match.Confident("DBS"), finder.named("dera bassi"));
  }

  @Test
  void slipsAskDidYouMean() {
    for (String typed : List.of("zirakpr", "zirakpura", "zirkapur", "ज़ीरकपर")) {
      assertEquals(new Match.Unsure(List.of("ZRK")), finder.named(typed), typed);
    }
    assertEquals(new Match.Unsure(List.of("MOH")), finder.named("mohaly"));
  }

  @Test
  void unknownTownsAreNone() {
    for (String typed : List.of("Amritsar", "hello", "", "paani nahi aa raha")) {
      assertEquals(Match.NONE, finder.named(typed), typed);
    }
  }
}
