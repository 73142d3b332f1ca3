package dev.compactfusion.perf.chart;

import java.awt.Color;
import java.util.List;
import org.jfree.chart.JFreeChart;

/** A chart described as data; {@link ChartPng} draws it. */
public sealed interface Chart permits BarChart, LineChart {
  /**
   * Series colours in order (Okabe–Ito, distinguishable with colour-blindness); series beyond
   * the list reuse it from the start.
   */
  List<Color> PALETTE = List.of(
      new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
      new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000));

  String title();

  JFreeChart render();

  static Color colour(int series) {
    return PALETTE.get(series % PALETTE.size());
  }
}
