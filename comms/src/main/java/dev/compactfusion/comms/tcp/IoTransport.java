package dev.compactfusion.comms.tcp;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Netty's native epoll transport where it loads (about 1.5× NIO's loopback rate here), else NIO. */
record IoTransport(String name, Class<? extends ServerChannel> serverChannel, Class<? extends Channel> channel) {

  static IoTransport best() {
    return Epoll.isAvailable()
        ? new IoTransport("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class)
        : new IoTransport("nio", NioServerSocketChannel.class, NioSocketChannel.class);
  }

  EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(threads,
        name.equals("epoll") ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }
}
