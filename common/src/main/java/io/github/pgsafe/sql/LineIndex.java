package io.github.pgsafe.sql;

import java.util.Arrays;

/** Turns char offsets of one script into 1-based lines and columns. */
final class LineIndex {
  private final int[] lineStarts;

  LineIndex(String script) {
    int[] starts = new int[16];
    int count = 1;
    for (int nl = script.indexOf('\n'); nl >= 0; nl = script.indexOf('\n', nl + 1)) {
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
      }
      starts[count++] = nl + 1;
    }
    lineStarts = Arrays.copyOf(starts, count);
  }

  int line(int offset) {
    int found = Arrays.binarySearch(lineStarts, offset);
    return found >= 0 ? found + 1 : -found - 1;
  }

  int column(int offset) {
    return offset - lineStarts[line(offset) - 1] + 1;
  }
}
