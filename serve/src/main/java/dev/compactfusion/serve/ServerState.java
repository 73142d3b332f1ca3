package dev.compactfusion.serve;

/**
 * What every connection of one server shares: the model, the queue, the jobs by id, the metrics, the token, and
 * where the server is in its life (warming, ready, draining).
 */
final class ServerState {
  private final ServedModel model;
  private final JobQueue queue;
  private final int queueCapacity;
  private final Metrics metrics;
  private final Jobs jobs = new Jobs();
  private final AnswersInFlight answersInFlight = new AnswersInFlight();
  private final String token;
  private volatile boolean ready;
  private volatile boolean draining;

  ServerState(ServedModel model, int queueCapacity, String token) {
    this.model = model;
    this.queue = new JobQueue(queueCapacity);
    this.queueCapacity = queueCapacity;
    this.metrics = new Metrics(queue::depth, queue::running, queue::restarts);
    this.token = token;
  }

  ServedModel model() {
    return model;
  }

  JobQueue queue() {
    return queue;
  }

  Jobs jobs() {
    return jobs;
  }

  AnswersInFlight answersInFlight() {
    return answersInFlight;
  }

  int queueCapacity() {
    return queueCapacity;
  }

  Metrics metrics() {
    return metrics;
  }

  /** Null: no token required. */
  String token() {
    return token;
  }

  boolean ready() {
    return ready;
  }

  void markReady() {
    ready = true;
  }

  boolean draining() {
    return draining;
  }

  void markDraining() {
    draining = true;
  }
}
