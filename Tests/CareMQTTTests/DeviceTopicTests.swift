import CareMQTT
import Testing

@Suite struct DeviceTopicTests {
    @Test(arguments: [
        ("carenode/c1/devices/SN-0001/readings", "c1", "SN-0001", "readings"),
        ("carenode/north-ward/devices/abc/events", "north-ward", "abc", "events"),
    ])
    func parsesGoodTopics(topic: String, community: String, serial: String, kind: String) throws {
        let parsed = try #require(DeviceTopic(parsing: topic))
        #expect(parsed.community == community)
        #expect(parsed.serial == serial)
        #expect(parsed.kind == kind)
        #expect(parsed.topic == topic)
    }

    @Test(arguments: [
        "",
        "carenode",
        "other/c1/devices/SN1/readings",  // wrong prefix
        "Carenode/c1/devices/SN1/readings",  // prefix is case-sensitive
        "carenode/c1/device/SN1/readings",  // wrong fixed word
        "carenode/c1/devices/readings",  // missing serial
        "carenode/c1/devices//readings",  // empty serial
        "carenode//devices/SN1/readings",  // empty community
        "carenode/c1/devices/SN1/",  // empty kind
        "carenode/c1/devices/SN1/readings/",  // trailing empty segment
        "/carenode/c1/devices/SN1/readings",  // leading empty segment
        "carenode/c1/devices/SN1/readings/extra",  // too many segments
        "carenode/c1/devices/+/readings",  // wildcard is not a concrete topic
        "carenode/c1/devices/SN1/#",
    ])
    func rejectsBadTopics(topic: String) {
        #expect(DeviceTopic(parsing: topic) == nil)
    }

    @Test func filterCoversAllDevicesOfOneCommunity() {
        #expect(DeviceTopic.filter(community: "c1") == "carenode/c1/devices/+/#")
    }
}
