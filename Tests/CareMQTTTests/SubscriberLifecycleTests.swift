import CareMQTT
import Foundation
import MQTTTestSupport
import Testing

@Suite struct SubscriberLifecycleTests {
    /// (d) stop() ends both streams, can be called again (also concurrently), and the client
    /// refuses further use.
    @Test func stopIsIdempotentAndFinishesStreams() async throws {
        try await withBroker { broker in
            let subscriber = makeSubscriber(port: broker.port)
            let events = Recorder.collecting(subscriber.connectionEvents)
            let messages = Recorder.collecting(subscriber.messages)
            try await subscriber.start()
            let subscribed = await eventually(within: .seconds(5)) { events.count(where: \.isSubscribed) >= 1 }
            #expect(subscribed)

            async let one: Void = subscriber.stop()
            async let two: Void = subscriber.stop()
            _ = await (one, two)
            await subscriber.stop()

            let messagesFinished = await eventually(within: .seconds(1)) { messages.finished }

            #expect(messagesFinished)
            let eventsFinished = await eventually(within: .seconds(1)) { events.finished }
            #expect(eventsFinished)
            #expect(!subscriber.isConnected)
            // The last event is our own, clean disconnect.
            #expect(events.items.last == .disconnected(code: 0, reason: "disconnect requested"))
            await #expect(throws: MQTTError.stopped) { try await subscriber.start() }
            await #expect(throws: MQTTError.stopped) { try await subscriber.publish(topic: "a/b", string: "x") }
        }
    }

    @Test func stopWithoutStartFinishesStreams() async {
        let subscriber = makeSubscriber(port: 1)
        let messages = Recorder.collecting(subscriber.messages)
        await subscriber.stop()
        await subscriber.stop()
        let messagesFinished = await eventually(within: .seconds(1)) { messages.finished }
        #expect(messagesFinished)
    }

    /// Stopping while the library is in its reconnect backoff must not wait for the backoff:
    /// with a 30-second backoff a stop that waited would take that long; the bound leaves
    /// room for a loaded machine.
    @Test func stopIsPromptWhileReconnecting() async throws {
        let subscriber = makeSubscriber(port: try LoopbackPort.outsideEphemeralRange(), minDelay: 30)
        try await subscriber.start()
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        await subscriber.stop()
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func libraryErrorsCarryMosquittoText() async throws {
        let subscriber = makeSubscriber(port: try LoopbackPort.outsideEphemeralRange())
        try await subscriber.start()
        // Wildcards are not allowed in a publish topic; libmosquitto answers MOSQ_ERR_INVAL.
        do {
            try await subscriber.publish(topic: "carenode/+/x", string: "nope")
            Issue.record("publish with a wildcard topic should fail")
        } catch let MQTTError.library(function, code, message) {
            #expect(function == "mosquitto_publish")
            #expect(code == 3)
            #expect(message == "Invalid function arguments provided.")  // mosquitto_strerror(MOSQ_ERR_INVAL)
        }
        await subscriber.stop()
    }

    @Test func invalidConfigurationIsRejected() async {
        let subscriber = MQTTSubscriber(
            configuration: MQTTConfiguration(port: 0, clientID: "x"), topicFilters: ["a/#"])
        await #expect(throws: MQTTError.invalidConfiguration("port 0 is out of range")) {
            try await subscriber.start()
        }
        await subscriber.stop()
    }
}
