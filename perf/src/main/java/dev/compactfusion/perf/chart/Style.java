package dev.compactfusion.perf.chart;

import java.awt.Color;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;

/** The look shared by every chart: white background, light grey grid lines. */
final class Style {
  private static final Color GRID = new Color(0xDDDDDD);

  private Style() {}

  static void apply(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    Plot plot = chart.getPlot();
    plot.setBackgroundPaint(Color.WHITE);
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(GRID);
      xy.setRangeGridlinePaint(GRID);
    } else if (plot instanceof CategoryPlot category) {
      category.setRangeGridlinePaint(GRID);
    }
  }
}
