package dev.compactfusion.perf.sim;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.DecimalFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG charts of a simulation: latency per method per machine, and speedup against link bandwidth. */
public final class SimulationCharts {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 600;

  private SimulationCharts() {}

  /** File name → PNG bytes. */
  public static Map<String, byte[]> render(Simulation.Result result, List<BandwidthSweep.Point> sweep,
      String sweepTitle) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, byte[]> charts = new LinkedHashMap<>();
    DefaultCategoryDataset latency = new DefaultCategoryDataset();
    DefaultCategoryDataset bytes = new DefaultCategoryDataset();
    for (Simulation.Row r : result.rows()) {
      latency.addValue(r.estimate().seconds(), r.hardware(), r.estimate().method());
      bytes.addValue(r.estimate().bytesPerStep() / 1e6, r.hardware(), r.estimate().method());
    }
    charts.put("latency.png", png(ChartFactory.createBarChart("MODELLED latency per image",
        "method", "seconds", latency, PlotOrientation.VERTICAL, true, false, false)));
    charts.put("bytes-per-step.png", png(ChartFactory.createBarChart(
        "MODELLED MB sent per steady step per worker", "method", "MB", bytes,
        PlotOrientation.VERTICAL, true, false, false)));

    XYSeriesCollection series = new XYSeriesCollection();
    Map<String, XYSeries> byMethod = new LinkedHashMap<>();
    for (BandwidthSweep.Point p : sweep) {
      byMethod.computeIfAbsent(p.method(), XYSeries::new).add(p.gbits(), p.speedup());
    }
    byMethod.values().forEach(series::addSeries);
    JFreeChart speedup = ChartFactory.createXYLineChart("MODELLED speedup vs link bandwidth (" + sweepTitle + " with its link rate varied)",
        "link Gbit/s", "speedup over 1 GPU", series, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = speedup.getXYPlot();
    LogAxis axis = new LogAxis("link Gbit/s (log scale)");
    axis.setBase(10);
    axis.setTickUnit(new NumberTickUnit(1)); // one tick per decade
    axis.setNumberFormatOverride(new DecimalFormat("0.###"));
    plot.setDomainAxis(axis);
    plot.setBackgroundPaint(Color.WHITE);
    charts.put("speedup-vs-bandwidth.png", png(speedup));
    return charts;
  }

  private static byte[] png(JFreeChart chart) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    return out.toByteArray();
  }
}
