package chaupal.conversation;

import java.util.List;

/** A ULB as the place finder sees it: its code, its names in every language, where it lies. */
record Place(String code, List<String> names, double latitude, double longitude) {
  Place {
    names = List.copyOf(names);
  }
}
