package dev.compactfusion.perf.chart;

import java.awt.BasicStroke;
import java.text.DecimalFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Several series over a numeric x axis (e.g. speedup against link bandwidth), each drawn as a
 * line with a marker at every point. {@code logX} puts x on a logarithmic scale, for sweeps over
 * orders of magnitude; it needs every x to be positive.
 */
public record LineChart(String title, String xAxis, String yAxis, List<LineSeries> series,
    boolean logX) implements Chart {
  public LineChart {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(xAxis, "xAxis");
    Objects.requireNonNull(yAxis, "yAxis");
    series = List.copyOf(series);
    if (series.isEmpty()) {
      throw new IllegalArgumentException("line chart '" + title + "' has no series");
    }
    Set<String> names = new HashSet<>();
    for (LineSeries s : series) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException(
            "line chart '" + title + "' has two series named '" + s.name() + "'");
      }
      if (logX && s.points().stream().anyMatch(p -> p.x() <= 0)) {
        throw new IllegalArgumentException("line chart '" + title + "' has a log x axis but series '"
            + s.name() + "' has x <= 0");
      }
    }
  }

  @Override
  public JFreeChart render() {
    XYSeriesCollection data = new XYSeriesCollection();
    for (LineSeries s : series) {
      XYSeries xy = new XYSeries(s.name(), false, true);
      s.points().forEach(p -> xy.add(p.x(), p.y()));
      data.addSeries(xy);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, xAxis, yAxis, data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    if (logX) {
      LogAxis axis = new LogAxis(xAxis);
      axis.setSmallestValue(1e-12);
      // Ticks at powers of ten, printed as plain numbers rather than 10^1.2-style exponents.
      axis.setTickUnit(new NumberTickUnit(1));
      axis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
      plot.setDomainAxis(axis);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int s = 0; s < series.size(); s++) {
      renderer.setSeriesPaint(s, Chart.colour(s));
      renderer.setSeriesStroke(s, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    Style.apply(chart);
    return chart;
  }
}
