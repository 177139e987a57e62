import CareMQTT
import Foundation
import MQTTTestSupport
import Testing

@Suite struct SubscriberDeliveryTests {
    /// (a) A message published by the real mosquitto_pub reaches `messages` within 1 s.
    @Test func messageFromMosquittoPubArrives() async throws {
        try await withBroker { broker in
            let subscriber = makeSubscriber(port: broker.port)
            let events = Recorder.collecting(subscriber.connectionEvents)
            let messages = Recorder.collecting(subscriber.messages)
            try await subscriber.start()

            let subscribed = await eventually(within: .seconds(5)) { events.count(where: \.isSubscribed) >= 1 }
            #expect(subscribed, "never subscribed: \(events.items)")
            #expect(subscriber.isConnected)

            let topic = "carenode/c1/devices/SN-0001/readings"
            let payload = #"{"hr":72,"spo2":98}"#
            try await mosquittoPublish(port: broker.port, topic: topic, message: payload, qos: 1)
            let arrived = await eventually(within: .seconds(1)) { !messages.items.isEmpty }
            #expect(arrived, "no message within 1 s; broker log:\n\(broker.log())")

            let received = messages.items
            #expect(received.count == 1)
            #expect(received.first?.topic == topic)
            #expect(received.first?.payloadString == payload)
            #expect(received.first?.qos == .atLeastOnce)
            #expect(DeviceTopic(parsing: received.first?.topic ?? "")?.serial == "SN-0001")

            // Topics outside the filter are not delivered.
            try await mosquittoPublish(port: broker.port, topic: "carenode/c2/devices/SN-9/readings", message: "x")
            try await subscriber.publish(topic: "carenode/c1/devices/SN-0002/events", string: "own")
            let second = await eventually(within: .seconds(1)) { messages.items.count >= 2 }
            #expect(second)
            #expect(messages.items.map(\.topic) == [topic, "carenode/c1/devices/SN-0002/events"])
            await subscriber.stop()
        }
    }

    /// cleanSession == false: QoS 1 messages published while the client was away are delivered
    /// when it comes back with the same client id (same broker, which kept the session).
    @Test func queuedMessagesAreDeliveredOnReconnect() async throws {
        try await withBroker { broker in
            let clientID = "caremqtt-persistent-\(UUID().uuidString)"
            let first = makeSubscriber(port: broker.port, clientID: clientID)
            let firstEvents = Recorder.collecting(first.connectionEvents)
            try await first.start()
            let firstSubscribed = await eventually(within: .seconds(5)) { firstEvents.count(where: \.isSubscribed) >= 1 }
            #expect(firstSubscribed)
            await first.stop()

            try await mosquittoPublish(port: broker.port, topic: "carenode/c1/devices/SN1/events", message: "while-away")

            let second = makeSubscriber(port: broker.port, clientID: clientID)
            let events = Recorder.collecting(second.connectionEvents)
            let messages = Recorder.collecting(second.messages)
            try await second.start()
            let arrived = await eventually(within: .seconds(5)) { !messages.items.isEmpty }
            #expect(arrived, "queued message not delivered; events: \(events.items)")
            #expect(messages.items.first?.payloadString == "while-away")
            #expect(events.items.first == .connected(sessionPresent: true))
            await second.stop()
        }
    }
}
