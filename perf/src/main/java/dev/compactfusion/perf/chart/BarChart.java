package dev.compactfusion.perf.chart;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * Categories along the horizontal axis, one bar per series in each (e.g. latency per method,
 * bytes per step per codec). Error bars are drawn when any bar has an error.
 */
public record BarChart(String title, String categoryAxis, String valueAxis, List<Bar> bars)
    implements Chart {
  public BarChart {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(categoryAxis, "categoryAxis");
    Objects.requireNonNull(valueAxis, "valueAxis");
    bars = List.copyOf(bars);
    if (bars.isEmpty()) {
      throw new IllegalArgumentException("bar chart '" + title + "' has no bars");
    }
    Set<String> seen = new HashSet<>();
    for (Bar bar : bars) {
      if (!seen.add(bar.series() + "\u0000" + bar.category())) {
        throw new IllegalArgumentException("bar chart '" + title + "' has two bars for series '"
            + bar.series() + "' at category '" + bar.category() + "'");
      }
    }
  }

  private boolean hasErrors() {
    return bars.stream().anyMatch(b -> b.error() > 0);
  }

  @Override
  public JFreeChart render() {
    boolean errors = hasErrors();
    JFreeChart chart = ChartFactory.createBarChart(title, categoryAxis, valueAxis,
        errors ? statistical() : plain(), PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer = errors ? new StatisticalBarRenderer() : new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    for (int s = 0; s < plot.getDataset().getRowCount(); s++) {
      renderer.setSeriesPaint(s, Chart.colour(s));
    }
    plot.setRenderer(renderer);
    Style.apply(chart);
    return chart;
  }

  private CategoryDataset plain() {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    bars.forEach(b -> data.addValue(b.value(), b.series(), b.category()));
    return data;
  }

  private CategoryDataset statistical() {
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    bars.forEach(b -> data.add(b.value(), b.error(), b.series(), b.category()));
    return data;
  }
}
