package dev.compactfusion.serve;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's aggregator with this API's answer to a body over the limit: a JSON 413 (counted in the
 * metrics), then the connection is closed, since the rest of the body is not read.
 */
final class BodyLimit extends HttpObjectAggregator {
  private final ServerState state;

  BodyLimit(int maxBytes, ServerState state) {
    super(maxBytes);
    this.state = state;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    String path = oversized instanceof HttpRequest r && r.uri().startsWith(HttpApi.GENERATIONS)
        ? HttpApi.GENERATIONS : "other";
    ApiError e = new ApiError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, null,
        "the request body is over " + maxContentLength() + " bytes");
    FullHttpResponse response = HttpApi.response(e.status(), e.toJson().toString(), "application/json");
    HttpUtil.setContentLength(response, response.content().readableBytes());
    state.metrics().answered(path, e.status().code());
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
