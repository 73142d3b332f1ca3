package dev.compactfusion.models.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the training loss per step as a PNG: raw losses in light grey, a moving average in blue,
 * log-scaled loss axis (the loss falls over decades), step axis with ticks. Plain java.awt so the
 * models module needs no charting library.
 */
public final class LossCurve {
  private static final int W = 720;
  private static final int H = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 30;
  private static final int BOTTOM = 50;

  private LossCurve() {}

  public static void write(Path png, List<Float> losses, String title) throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.BLACK);
    g.drawString(title, LEFT, 18);
    int n = losses.size();
    double[] smooth = movingAverage(losses, Math.max(1, n / 50));
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (double v : smooth) {
      if (v > 0 && Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (n == 0 || lo > hi) {
      lo = 0.01;
      hi = 1;
    }
    double logLo = Math.floor(Math.log10(lo) * 2) / 2;
    double logHi = Math.ceil(Math.log10(hi) * 2) / 2;
    if (logHi <= logLo) {
      logHi = logLo + 0.5;
    }
    Axes axes = new Axes(Math.max(1, n), logLo, logHi);
    drawAxes(g, axes);
    g.setColor(new Color(200, 200, 200));
    plot(g, axes, losses.stream().mapToDouble(Float::doubleValue).toArray(), 1f);
    g.setColor(new Color(30, 90, 200));
    plot(g, axes, smooth, 2f);
    g.dispose();
    Path tmp = png.resolveSibling("." + png.getFileName() + ".tmp");
    ImageIO.write(img, "png", tmp.toFile());
    Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private record Axes(int steps, double logLo, double logHi) {
    int x(double step) {
      return LEFT + (int) Math.round((W - LEFT - RIGHT) * step / steps);
    }

    int y(double value) {
      double v = Math.log10(Math.max(value, 1e-12));
      double f = (v - logLo) / (logHi - logLo);
      f = Math.max(0, Math.min(1, f));
      return H - BOTTOM - (int) Math.round((H - TOP - BOTTOM) * f);
    }
  }

  private static void drawAxes(Graphics2D g, Axes a) {
    g.setColor(Color.BLACK);
    g.drawLine(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
    g.drawLine(LEFT, TOP, LEFT, H - BOTTOM);
    for (int decade = (int) Math.floor(a.logLo()); decade <= Math.ceil(a.logHi()); decade++) {
      for (int m : new int[] {1, 2, 5}) {
        double v = m * Math.pow(10, decade);
        double lv = Math.log10(v);
        if (lv < a.logLo() - 1e-9 || lv > a.logHi() + 1e-9) {
          continue;
        }
        int y = a.y(v);
        g.drawLine(LEFT - 4, y, LEFT, y);
        g.drawString(String.format("%.3g", v), 8, y + 4);
      }
    }
    int ticks = 5;
    for (int i = 0; i <= ticks; i++) {
      long step = Math.round(a.steps() * (double) i / ticks);
      int x = a.x(step);
      g.drawLine(x, H - BOTTOM, x, H - BOTTOM + 4);
      g.drawString(Long.toString(step), x - 10, H - BOTTOM + 18);
    }
    g.drawString("step", W / 2, H - 12);
    g.drawString("loss", 8, TOP - 6);
  }

  private static void plot(Graphics2D g, Axes a, double[] values, float width) {
    g.setStroke(new BasicStroke(width));
    for (int i = 1; i < values.length; i++) {
      g.drawLine(a.x(i), a.y(values[i - 1]), a.x(i + 1), a.y(values[i]));
    }
  }

  private static double[] movingAverage(List<Float> values, int window) {
    double[] out = new double[values.size()];
    double sum = 0;
    for (int i = 0; i < values.size(); i++) {
      sum += values.get(i);
      if (i >= window) {
        sum -= values.get(i - window);
      }
      out[i] = sum / Math.min(i + 1, window);
    }
    return out;
  }
}
