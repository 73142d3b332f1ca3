/**
 * Small bar and line charts rendered to PNG with JFreeChart, in one style. Knows nothing of what
 * is plotted.
 */
package dev.compactfusion.perf.chart;
