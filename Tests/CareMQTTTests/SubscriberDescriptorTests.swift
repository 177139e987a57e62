import CareMQTT
import Foundation
import MQTTTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SubscriberDescriptorTests {
    /// A node holding many connections and files gets socket numbers past 1023, where select(2)
    /// (libmosquitto's own loop) cannot follow; the subscriber must still connect, subscribe
    /// and deliver. Every descriptor below 1100 is taken first, so the client's socket is
    /// numbered higher.
    @Test func aSocketNumberedPastSelectsLimitStillConnectsAndDelivers() async throws {
        var limit = rlimit()
        #expect(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0)
        if limit.rlim_cur < 2_048 {
            limit.rlim_cur = min(2_048, limit.rlim_max)
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        try #require(limit.rlim_cur >= 2_048, "the open-file limit (\(limit.rlim_max)) is too low to take 1100 descriptors")
        var held: [Int32] = []
        defer { held.forEach { close($0) } }
        while (held.last ?? 0) < 1_100 {
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            try #require(fd >= 0, "open /dev/null: \(String(cString: strerror(errno)))")
            held.append(fd)
        }

        try await withBroker { broker in
            let subscriber = makeSubscriber(port: broker.port)
            let events = Recorder.collecting(subscriber.connectionEvents)
            let messages = Recorder.collecting(subscriber.messages)
            try await subscriber.start()
            let subscribed = await eventually(within: .seconds(5)) { events.count(where: \.isSubscribed) >= 1 }
            #expect(subscribed, "never subscribed with descriptors up to \(held.last ?? 0) taken: \(events.items)")

            let topic = "carenode/c1/devices/SN-1100/readings"
            try await mosquittoPublish(port: broker.port, topic: topic, message: "high", qos: 1)
            let arrived = await eventually(within: .seconds(2)) { !messages.items.isEmpty }
            #expect(arrived, "no message; broker log:\n\(broker.log())")
            #expect(messages.items.first?.payloadString == "high")
            await subscriber.stop()
            #expect(events.items.last.map { if case .disconnected(code: 0, _) = $0 { true } else { false } } == true, "\(events.items)")
        }
    }
}
