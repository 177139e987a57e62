import NIOCore

/// Stands in for an HTTP/2 stream channel: a channel whose own pipeline has no TLS handler and
/// whose `parent` is the TLS connection. Everything but `parent` is forwarded to `base`, a real
/// channel without TLS (tests use the listening socket).
final class StreamChannelStandIn: Channel {
    let base: any Channel
    let parent: (any Channel)?

    init(base: any Channel, parent: any Channel) {
        self.base = base
        self.parent = parent
    }

    var allocator: ByteBufferAllocator { base.allocator }
    var closeFuture: EventLoopFuture<Void> { base.closeFuture }
    var pipeline: ChannelPipeline { base.pipeline }
    var localAddress: SocketAddress? { base.localAddress }
    var remoteAddress: SocketAddress? { base.remoteAddress }
    var isWritable: Bool { base.isWritable }
    var isActive: Bool { base.isActive }
    var _channelCore: any ChannelCore { base._channelCore }
    var eventLoop: any EventLoop { base.eventLoop }

    func setOption<Option: ChannelOption>(_ option: Option, value: Option.Value) -> EventLoopFuture<Void> {
        base.setOption(option, value: value)
    }

    func getOption<Option: ChannelOption>(_ option: Option) -> EventLoopFuture<Option.Value> {
        base.getOption(option)
    }
}
