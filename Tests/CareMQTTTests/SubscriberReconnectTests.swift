import CareMQTT
import Foundation
import MQTTTestSupport
import Testing

@Suite struct SubscriberReconnectTests {
    /// (b) Started before any broker exists, the subscriber keeps retrying with backoff; it then
    /// survives a broker restart on the same port, resubscribes and receives new messages.
    @Test func reconnectsWhenBrokerAppearsAndAfterRestart() async throws {
        let port = try LoopbackPort.outsideEphemeralRange()
        let subscriber = makeSubscriber(port: port)
        let events = Recorder.collecting(subscriber.connectionEvents)
        let messages = Recorder.collecting(subscriber.messages)
        try await subscriber.start()  // nothing listens yet: must not throw
        #expect(!subscriber.isConnected)

        try await withBroker(port: port) { broker in
            let subscribed = await eventually(within: .seconds(6)) { events.count(where: \.isSubscribed) >= 1 }
            #expect(subscribed, "did not connect once the broker came up: \(events.items)")
            try await mosquittoPublish(port: port, topic: "carenode/c1/devices/SN1/readings", message: "first")
            let firstArrived = await eventually(within: .seconds(1)) { messages.items.count >= 1 }
            #expect(firstArrived)
        }

        // The broker is gone: the subscriber notices and starts reconnecting.
        let lost = await eventually(within: .seconds(3)) { events.count(where: \.isUnexpectedDisconnect) >= 1 }
        #expect(lost, "no disconnect event after broker stop: \(events.items)")
        #expect(!subscriber.isConnected)

        // A new broker (no persistence, so no session) on the same port.
        try await withBroker(port: port) { broker in
            let resubscribed = await eventually(within: .seconds(6)) { events.count(where: \.isSubscribed) >= 2 }
            #expect(resubscribed, "did not resubscribe after restart: \(events.items)")
            #expect(subscriber.isConnected)
            try await mosquittoPublish(port: port, topic: "carenode/c1/devices/SN2/events", message: "after-restart")
            let arrived = await eventually(within: .seconds(1)) { messages.items.count >= 2 }
            #expect(arrived, "message after restart missing; broker log:\n\(broker.log())")
        }
        #expect(messages.items.map(\.payloadString) == ["first", "after-restart"])
        await subscriber.stop()
    }
}
