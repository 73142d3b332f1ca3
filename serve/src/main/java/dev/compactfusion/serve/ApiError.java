package dev.compactfusion.serve;

import com.google.gson.JsonObject;
import io.netty.handler.codec.http.HttpResponseStatus;

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
