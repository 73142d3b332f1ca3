package dev.compactfusion.comms.transport.mesh;

import dev.compactfusion.comms.transport.PeerFailureException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where messages from peers wait for the receive that matches them (same key, same source), or
 * receives wait for their message. Per (key, source) the order of sending is kept. A receive
 * fails with {@link PeerFailureException} when its timeout passes, when the source is declared
 * failed (now or later) or when the mailbox closes. A retired group's messages are dropped, those
 * waiting and those that arrive later (see {@link #retireGroup}).
 */
public final class Mailbox {
  private record Slot(MessageKey key, int source) {}

  private static final class Queue {
    final ArrayDeque<Message> messages = new ArrayDeque<>();
    final ArrayDeque<CompletableFuture<Message>> waiters = new ArrayDeque<>();
  }

  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final Map<Slot, Queue> slots = new HashMap<>();
  private record Failure(String problem, Throwable cause) {}

  private final Map<Integer, Failure> failedPeers = new HashMap<>();
  // One name per retired group, kept for the mailbox's life: a late message of any of them must
  // still be dropped. Groups are retired once per cancelled job, so this stays small.
  private final Set<String> retiredGroups = new HashSet<>();
  private String closedReason;

  /** The next message of {@code key} from {@code source}, within {@code timeout}. */
  public CompletableFuture<Message> take(MessageKey key, int source, Duration timeout) {
    CompletableFuture<Message> waiter = new CompletableFuture<>();
    synchronized (this) {
      Queue queue = slots.computeIfAbsent(new Slot(key, source), s -> new Queue());
      Message ready = queue.messages.poll();
      if (ready != null) {
        dropIfEmpty(new Slot(key, source), queue);
        waiter.complete(ready);
        return waiter;
      }
      Failure failed = failedPeers.get(source);
      if (failed != null || closedReason != null) {
        dropIfEmpty(new Slot(key, source), queue);
        waiter.completeExceptionally(failed != null
            ? new PeerFailureException(source, key.describe(), failed.problem(), failed.cause())
            : new PeerFailureException(source, key.describe(), closedReason, null));
        return waiter;
      }
      queue.waiters.add(waiter);
    }
    ScheduledFuture<?> deadline = TIMER.schedule(() -> {
      if (!waiter.isDone()) {
        waiter.completeExceptionally(new PeerFailureException(source, key.describe(),
            "no data within the timeout of " + timeout.toMillis() + " ms (peer stalled or dead)", null));
        forget(key, source, waiter);
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    // Cancelled deadlines leave the timer's queue at once, so received payloads are not held until the timeout.
    waiter.whenComplete((m, e) -> deadline.cancel(false));
    return waiter;
  }

  /** Hands a message that arrived from {@code source} to its receive, or keeps it until one comes. */
  public void put(MessageKey key, int source, Message message) {
    CompletableFuture<Message> waiter;
    synchronized (this) {
      if (closedReason != null || retired(key.group())) {
        return;
      }
      Slot slot = new Slot(key, source);
      Queue queue = slots.computeIfAbsent(slot, s -> new Queue());
      do {
        waiter = queue.waiters.poll();
      } while (waiter != null && waiter.isDone());
      if (waiter == null) {
        queue.messages.add(message);
        return;
      }
      dropIfEmpty(slot, queue);
    }
    if (!waiter.complete(message)) {
      put(key, source, message); // its receive timed out in between; the next one gets it
    }
  }

  /** Fails every present and future receive from {@code source} that has no message waiting. */
  public void failPeer(int source, String problem, Throwable cause) {
    List<CompletableFuture<Message>> toFail = new ArrayList<>();
    List<MessageKey> keys = new ArrayList<>();
    synchronized (this) {
      failedPeers.putIfAbsent(source, new Failure(problem, cause));
      for (Map.Entry<Slot, Queue> e : slots.entrySet()) {
        if (e.getKey().source() == source) {
          for (CompletableFuture<Message> w : e.getValue().waiters) {
            toFail.add(w);
            keys.add(e.getKey().key());
          }
          e.getValue().waiters.clear();
        }
      }
      slots.entrySet().removeIf(e -> e.getValue().messages.isEmpty() && e.getValue().waiters.isEmpty());
    }
    for (int i = 0; i < toFail.size(); i++) {
      toFail.get(i).completeExceptionally(new PeerFailureException(source, keys.get(i).describe(), problem, cause));
    }
  }

  /**
   * Drops every message of {@code group} and of its sub-groups ({@code group + "/..."}), now and
   * when one arrives later, and cancels their waiting receives. For a group whose work was
   * abandoned mid-way, so that its exchanges still in flight never reach a later receive.
   */
  public void retireGroup(String group) {
    List<CompletableFuture<Message>> waiting = new ArrayList<>();
    synchronized (this) {
      retiredGroups.add(group);
      slots.entrySet().removeIf(e -> {
        if (!retired(e.getKey().key().group())) {
          return false;
        }
        waiting.addAll(e.getValue().waiters);
        return true;
      });
    }
    waiting.forEach(w -> w.cancel(false));
  }

  /** Messages of this group are dropped: it, or a group it belongs to, was retired. */
  private boolean retired(String group) {
    if (retiredGroups.isEmpty()) {
      return false;
    }
    String g = group;
    while (true) {
      if (retiredGroups.contains(g)) {
        return true;
      }
      int slash = g.lastIndexOf('/');
      if (slash <= 0) {
        return false;
      }
      g = g.substring(0, slash);
    }
  }

  /** Fails all waiting receives; later receives fail at once. */
  public void close(String reason) {
    List<Map.Entry<Slot, CompletableFuture<Message>>> toFail = new ArrayList<>();
    synchronized (this) {
      if (closedReason != null) {
        return;
      }
      closedReason = reason;
      for (Map.Entry<Slot, Queue> e : slots.entrySet()) {
        for (CompletableFuture<Message> w : e.getValue().waiters) {
          toFail.add(Map.entry(e.getKey(), w));
        }
      }
      slots.clear();
    }
    for (Map.Entry<Slot, CompletableFuture<Message>> e : toFail) {
      e.getValue().completeExceptionally(
          new PeerFailureException(e.getKey().source(), e.getKey().key().describe(), reason, null));
    }
  }

  private synchronized void forget(MessageKey key, int source, CompletableFuture<Message> waiter) {
    Slot slot = new Slot(key, source);
    Queue queue = slots.get(slot);
    if (queue != null) {
      queue.waiters.remove(waiter);
      dropIfEmpty(slot, queue);
    }
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "compactfusion-comm-timeouts");
      thread.setDaemon(true);
      return thread;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  private void dropIfEmpty(Slot slot, Queue queue) {
    if (queue.messages.isEmpty() && queue.waiters.isEmpty()) {
      slots.remove(slot);
    }
  }
}
