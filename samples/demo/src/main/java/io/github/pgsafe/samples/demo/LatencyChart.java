package io.github.pgsafe.samples.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG of application query latency over time, one panel per run (naive above, pgsafe below): one
 * dot per query on a log scale, the 100 ms budget as a line, the migration steps as bands. Plain
 * java.awt in headless mode, so the demo needs no charting library.
 */
final class LatencyChart {
  private static final int WIDTH = 1400;
  private static final int PANEL_HEIGHT = 380;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 40;
  private static final double MIN_MS = 0.1;
  private static final double MAX_MS = 100_000;
  private static final Color[] BANDS = {new Color(0xE8F0FE), new Color(0xFFF4E0)};

  private LatencyChart() {}

  static void write(String title, List<RunResult> runs, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image =
        new BufferedImage(WIDTH, PANEL_HEIGHT * runs.size(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      for (int i = 0; i < runs.size(); i++) {
        panel(g, title, runs.get(i), i * PANEL_HEIGHT);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void panel(Graphics2D g, String title, RunResult run, int y0) {
    int plotTop = y0 + TOP;
    int plotHeight = PANEL_HEIGHT - TOP - BOTTOM;
    int plotWidth = WIDTH - LEFT - RIGHT;
    long end = run.steps().get(run.steps().size() - 1).endNanos();
    for (QuerySample s : run.samples()) {
      end = Math.max(end, s.endNanos());
    }
    double seconds = Math.max(1, end / 1e9);
    Axis axis = new Axis(LEFT, plotTop, plotWidth, plotHeight, seconds);

    // Steps as alternating bands, labelled at the top.
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    for (int i = 0; i < run.steps().size(); i++) {
      StepTiming t = run.steps().get(i);
      int x1 = axis.x(t.startNanos() / 1e9);
      int x2 = Math.max(x1 + 1, axis.x(t.endNanos() / 1e9));
      g.setColor(BANDS[i % 2]);
      g.fillRect(x1, plotTop, x2 - x1, plotHeight);
      g.setColor(Color.DARK_GRAY);
      g.drawString(t.step().key(), x1 + 2, plotTop + 12 + (i % 3) * 11);
    }
    // Grid, decades of milliseconds.
    g.setColor(Color.LIGHT_GRAY);
    for (double ms = MIN_MS; ms <= MAX_MS; ms *= 10) {
      int y = axis.y(ms);
      g.drawLine(LEFT, y, LEFT + plotWidth, y);
      g.setColor(Color.BLACK);
      g.drawString(label(ms), 5, y + 4);
      g.setColor(Color.LIGHT_GRAY);
    }
    // Queries.
    for (QuerySample s : run.samples()) {
      double ms = s.latencyMillis();
      g.setColor(
          s.failed()
              ? Color.BLACK
              : ms > StepStats.BUDGET_MILLIS ? new Color(0xD93025) : new Color(0x1E8E3E));
      g.fillRect(axis.x(s.startNanos() / 1e9), axis.y(ms), 2, 2);
    }
    // The budget.
    g.setColor(new Color(0xD93025));
    g.setStroke(
        new BasicStroke(
            1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    int budget = axis.y(StepStats.BUDGET_MILLIS);
    g.drawLine(LEFT, budget, LEFT + plotWidth, budget);
    g.setStroke(new BasicStroke(1));
    // Frame, title, time axis.
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, plotTop, plotWidth, plotHeight);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(
        String.format(
            Locale.ROOT,
            "%s, %s: application query latency (ms, log scale); red = over 100 ms, black ="
                + " failed; golden rule %s",
            title,
            run.variant(),
            run.heldGoldenRule() ? "held" : "violated"),
        LEFT,
        y0 + 25);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    double tick = seconds > 120 ? 30 : seconds > 30 ? 10 : seconds > 10 ? 2 : 1;
    for (double t = 0; t <= seconds; t += tick) {
      int x = axis.x(t);
      g.drawLine(x, plotTop + plotHeight, x, plotTop + plotHeight + 4);
      g.drawString(String.format(Locale.ROOT, "%.0f s", t), x - 8, plotTop + plotHeight + 17);
    }
  }

  private static String label(double ms) {
    return ms < 1
        ? String.format(Locale.ROOT, "%.1f", ms)
        : String.format(Locale.ROOT, "%,.0f", ms);
  }

  /** Seconds to x, milliseconds (log) to y. */
  private record Axis(int left, int top, int width, int height, double seconds) {
    int x(double t) {
      return left + (int) Math.round(width * Math.min(1, Math.max(0, t / seconds)));
    }

    int y(double ms) {
      double clamped = Math.min(MAX_MS, Math.max(MIN_MS, ms));
      double f = Math.log10(clamped / MIN_MS) / Math.log10(MAX_MS / MIN_MS);
      return top + height - (int) Math.round(height * f);
    }
  }
}
