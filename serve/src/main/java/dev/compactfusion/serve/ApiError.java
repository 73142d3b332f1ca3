package dev.compactfusion.serve;

import com.google.gson.JsonObject;
import dev.compactfusion.engine.worker.WorkerFailedException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletionException;

/**
 * A request the server answers with an error: the HTTP status, the request field at fault (null
 * when no one field is), and a one-line message that says what to send instead. The body is the
 * OpenAI error shape, {@code {"error": {"message", "type", "param", "code"}}}.
 */
public final class ApiError extends RuntimeException {
  private final HttpResponseStatus status;
  private final String param;

  public ApiError(HttpResponseStatus status, String param, String message) {
    super(message);
    this.status = status;
    this.param = param;
  }

  public static ApiError badField(String param, String message) {
    return new ApiError(HttpResponseStatus.BAD_REQUEST, param, message);
  }

  /** A pool's failure as an answer: a bad prompt is the client's (400), a failed worker the server's (500). */
  static ApiError explain(Throwable failure) {
    Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (e instanceof ApiError a) {
      return a;
    }
    if (e instanceof IllegalArgumentException) {
      return badField("prompt", e.getMessage());
    }
    if (e instanceof WorkerFailedException) {
      return new ApiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, null, e.getMessage()
          + " (the pool starts fresh workers for the next request)");
    }
    return new ApiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, null,
        e.getMessage() == null ? e.toString() : e.getMessage());
  }

  public HttpResponseStatus status() {
    return status;
  }

  public String param() {
    return param;
  }

  public JsonObject toJson() {
    JsonObject error = new JsonObject();
    error.addProperty("message", getMessage());
    error.addProperty("type", status.code() >= 500 ? "server_error" : "invalid_request_error");
    error.addProperty("param", param);
    error.addProperty("code", status.code());
    JsonObject body = new JsonObject();
    body.add("error", error);
    return body;
  }
}
