package dev.compactfusion.engine.exchange;

/**
 * How usp arranges N = u × r workers: ulysses groups of u consecutive ranks (group g holds ranks
 * g·u … g·u+u−1, whose token ranges are contiguous), and ring groups across them (ring i holds
 * the i-th member of every ulysses group, which all own the same heads after the all-to-all).
 */
record UspLayout(int ulyssesDegree, int ringDegree) {
  UspLayout {
    if (ulyssesDegree < 1 || ringDegree < 1) {
      throw new IllegalArgumentException("usp degrees must be at least 1, got " + ulyssesDegree + " × " + ringDegree);
    }
  }

  void checkWorkers(int workers) {
    if (ulyssesDegree * ringDegree != workers) {
      throw new IllegalArgumentException("usp needs ulysses-degree × ring-degree = " + workers + " workers, got "
          + ulyssesDegree + " × " + ringDegree);
    }
  }

  int[] ulyssesGroupOf(int rank) {
    int first = rank / ulyssesDegree * ulyssesDegree;
    int[] members = new int[ulyssesDegree];
    for (int i = 0; i < ulyssesDegree; i++) {
      members[i] = first + i;
    }
    return members;
  }

  int[] ringGroupOf(int rank) {
    int position = rank % ulyssesDegree;
    int[] members = new int[ringDegree];
    for (int i = 0; i < ringDegree; i++) {
      members[i] = position + i * ulyssesDegree;
    }
    return members;
  }
}
