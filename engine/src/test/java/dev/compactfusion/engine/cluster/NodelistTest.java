package dev.compactfusion.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodelistTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "node01|node01",
      "node[01-04,07]|node01",
      "node[07,01-04]|node07",
      "gpu[3]|gpu3",
      "node[01-04],gpu[1-2]|node01",
      "a1,b2|a1",
      "rack1-n[008-010]|rack1-n008",
      "n[1-2]-ib|n1-ib",
      " node[10-11] |node10"})
  void firstHostOfACompressedList(String list, String first) {
    assertEquals(first, Nodelist.first(list));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "node[01-04", "node01-04]", "[01-04]", "node[]", "node[a-b]", "node]["})
  void malformedListsAreRefused(String list) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nodelist.first(list));
    assertEquals(true, e.getMessage().contains("node list"), e.getMessage());
  }
}
