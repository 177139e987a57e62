import CareModel
import CareWire
import Foundation
import SwiftProtobuf
import Testing

/// Decodes `wire`, expecting a refusal.
private func refusal(of wire: WireChange) -> WireError? {
    do {
        _ = try ChangeEnvelope(wire: wire)
        return nil
    } catch {
        return error
    }
}

/// A valid change of `sample`, altered by `edit`.
private func altered(_ sample: ChangeEnvelope, _ edit: (inout WireChange) -> Void) -> WireChange {
    var wire = WireChange(sample)
    edit(&wire)
    return wire
}

@Suite("Changes from peers are validated")
struct ChangeValidationTests {
    @Test("a wrong citizen ID check character is refused, naming the field")
    func badCitizenID() throws {
        // given an elder whose citizen ID has a wrong check character
        let wire = altered(SampleChanges.elderChange) { $0.elder.citizenID = "110105194912310021" }

        // when it is decoded
        let error = try #require(refusal(of: wire))

        // then the error names the change, the field and the problem
        #expect(error.change == SampleChanges.elderID.uuidString)
        #expect(error.field == "elder.citizen_id")
        #expect(error.description.contains("change \(SampleChanges.elderID.uuidString): elder.citizen_id: citizen ID check character is wrong"))
    }

    @Test("an unknown gender code is refused with the codes it may take")
    func unknownGender() throws {
        let wire = altered(SampleChanges.elderChange) { $0.elder.gender = "unknown" }
        let error = try #require(refusal(of: wire))
        #expect(error.field == "elder.gender")
        #expect(error.description.contains("'unknown' is not one of: male, female"))
    }

    @Test("a home that is not a division code is refused")
    func badHome() throws {
        let wire = altered(SampleChanges.deviceChange) { $0.home = "4201" }
        let error = try #require(refusal(of: wire))
        #expect(error.field == "home")
        #expect(error.description.contains("'4201' must have 6 (county), 9 (street) or 12 (community) digits"))
    }

    @Test("a kind that does not match the record is refused")
    func kindRecordMismatch() throws {
        let wire = altered(SampleChanges.deviceChange) { $0.kind = .elder }
        let error = try #require(refusal(of: wire))
        #expect(error.field == "record")
        #expect(error.description.contains("kind ELDER but record is device"))
    }

    @Test("an unspecified or unknown entity kind is refused", arguments: [WireEntityKind.unspecified, .UNRECOGNIZED(999)])
    func unknownKind(_ kind: WireEntityKind) throws {
        let wire = altered(SampleChanges.staffChange) { $0.kind = kind }
        let error = try #require(refusal(of: wire))
        #expect(error.field == "kind")
        #expect(error.description.contains("unknown entity kind \(kind.rawValue)"))
    }

    @Test("a change without its record is refused")
    func missingRecord() throws {
        let wire = altered(SampleChanges.orderChange) { $0.record = nil }
        let error = try #require(refusal(of: wire))
        #expect(error.field == "record")
        #expect(error.description.contains("is missing"))
    }

    @Test("a change without a version, or with the zero version, is refused")
    func missingVersion() throws {
        let missing = try #require(refusal(of: altered(SampleChanges.orderChange) { $0.clearVersion() }))
        #expect(missing.description.contains("version: is missing"))

        let zero = try #require(refusal(of: altered(SampleChanges.orderChange) { $0.version = WireVersion() }))
        #expect(zero.field == "version")
    }

    @Test("a version whose origin is not a node's code is refused")
    func badVersionOrigin() throws {
        let wire = altered(SampleChanges.orderChange) { $0.version.origin = "street-7" }
        let error = try #require(refusal(of: wire))
        #expect(error.field == "version.origin")
    }

    @Test("an id that is not a UUID is refused and the error quotes it")
    func badChangeID() throws {
        let wire = altered(SampleChanges.orderChange) { $0.id = "order-17" }
        let error = try #require(refusal(of: wire))
        #expect(error.change == "order-17")
        #expect(error.description.contains("change order-17: id: 'order-17' is not a UUID"))
    }

    @Test("a reference that is not a UUID is refused")
    func badReference() throws {
        let wire = altered(SampleChanges.deviceChange) { $0.device.elderID = "3f2a9c1e" }
        let error = try #require(refusal(of: wire))
        #expect(error.field == "device.elder_id")
    }

    @Test("an ability level outside 0–4 is refused", arguments: [Int32(-1), 5, Int32.max])
    func abilityLevelOutOfRange(_ level: Int32) throws {
        let wire = altered(SampleChanges.elderChange) { $0.elder.abilityLevel = level }
        let error = try #require(refusal(of: wire))
        #expect(error.field == "elder.ability_level")
        #expect(error.description.contains("outside 0–4"))
    }

    @Test("stars outside 1–5 are refused")
    func starsOutOfRange() throws {
        let error = try #require(refusal(of: altered(SampleChanges.evaluationChange) { $0.evaluation.stars = 0 }))
        #expect(error.field == "evaluation.stars")
    }

    @Test("stamps on a record that is not a profile are refused")
    func stampsOnNonProfileRecord() throws {
        let stamps = WireChange(SampleChanges.elderChange).stamps
        let wire = altered(SampleChanges.organisationChange) { $0.stamps = stamps }
        let error = try #require(refusal(of: wire))
        #expect(error.field == "stamps")
        #expect(error.description.contains("not organisation"))
    }

    @Test("a stamp for a field the record does not have, or stamped twice, is refused")
    func badStampField() throws {
        let unknown = try #require(refusal(of: altered(SampleChanges.deviceChange) { $0.stamps[0].field = "colour" }))
        #expect(unknown.field == "stamps[0].field")
        #expect(unknown.description.contains("'colour' is not a field of device"))

        let twice = try #require(refusal(of: altered(SampleChanges.deviceChange) { $0.stamps.append($0.stamps[0]) }))
        #expect(twice.description.contains("stamped twice"))
    }

    @Test("a stamp without a version is refused")
    func stampWithoutVersion() throws {
        let error = try #require(refusal(of: altered(SampleChanges.deviceChange) { $0.stamps[1].clearVersion() }))
        #expect(error.field == "stamps[1].version")
    }

    @Test("an unknown order event kind is refused")
    func unknownOrderEventKind() throws {
        let error = try #require(refusal(of: altered(SampleChanges.orderEventChange) { $0.orderEvent.kind = "teleport" }))
        #expect(error.field == "order_event.kind")
        #expect(error.description.contains("'teleport' is not one of: dispatch"))
    }

    @Test("a nested field's path names its place in the record")
    func nestedFieldPath() throws {
        let contact = try #require(refusal(of: altered(SampleChanges.elderChange) { $0.elder.emergencyContacts[1].phone = "" }))
        #expect(contact.field == "elder.emergency_contacts[1].phone")

        let community = try #require(refusal(of: altered(SampleChanges.organisationChange) { $0.organisation.communities[1] = "11010500100X" }))
        #expect(community.field == "organisation.communities[1]")
    }

    @Test("half a map position is refused")
    func halfCoordinates() throws {
        let error = try #require(refusal(of: altered(SampleChanges.elderChange) { $0.elder.address.clearLongitude() }))
        #expect(error.field == "elder.address")
        #expect(error.description.contains("needs both latitude and longitude"))
    }

    @Test("a birth date that is not a date is refused")
    func badBirthDate() throws {
        let error = try #require(refusal(of: altered(SampleChanges.elderChange) { $0.elder.birthDate = "1949-02-30" }))
        #expect(error.field == "elder.birth_date")
    }

    @Test("a conflict about an unknown kind of record is refused")
    func conflictWithUnknownEntityKind() throws {
        let error = try #require(refusal(of: altered(SampleChanges.conflictChange) { $0.conflict.entityKind = "horoscope" }))
        #expect(error.field == "conflict.entity_kind")
    }

    @Test("random bytes are refused with a WireError, never a crash")
    func randomBytes() {
        // given bytes that are not a change
        var generator = SplitMix64(seed: 0x5EED)
        for length in 0..<400 {
            let bytes = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })

            // when they are decoded, then they are refused (the empty message has no id)
            #expect(throws: WireError.self) { try ChangeEnvelope(wireBytes: bytes) }
        }
    }

    @Test("a damaged change decodes or is refused, never crashes")
    func damagedBytes() throws {
        var generator = SplitMix64(seed: 42)
        for sample in SampleChanges.all {
            let bytes: Data = try WireChange(sample).serializedBytes()
            for _ in 0..<200 {
                var damaged = bytes
                switch UInt8.random(in: 0...2, using: &generator) {
                case 0: damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                case 1: damaged = damaged.prefix(Int.random(in: 0..<damaged.count, using: &generator))
                default: damaged.insert(UInt8.random(in: 0...255, using: &generator), at: Int.random(in: 0...damaged.count, using: &generator))
                }
                // Either outcome is fine; what matters is that decoding returns.
                _ = try? ChangeEnvelope(wireBytes: damaged)
            }
        }
    }

    @Test("bytes that are not protobuf are refused, naming the message")
    func truncatedMessage() throws {
        let error = try #require(throws: WireError.self) { try WirePullBatch(wireBytes: Data([0x0A, 0x05, 0x01])) }
        #expect(error.description.contains("carenode.sync.v1.PullBatch"))
        #expect(error.description.contains("truncated"))
    }
}

@Suite("An assessment's scores from a peer are recomputed, never trusted")
struct AssessmentWireTests {
    @Test("a total the answers do not give is refused, naming the field")
    func forgedTotal() throws {
        // given an approved assessment whose sender claims 90 points
        let wire = altered(SampleChanges.assessmentChange) { $0.assessment.total = 90 }
        // when it is decoded, then it is refused at `assessment.total`
        let error = try #require(refusal(of: wire))
        #expect(error.field == "assessment.total" && error.description.contains("the answers score 85"), "\(error)")
    }

    @Test("a level the rules do not give is refused, and so is a changed answer under the old sub-score")
    func forgedLevelOrAnswer() throws {
        let level = try #require(refusal(of: altered(SampleChanges.assessmentChange) { $0.assessment.level = 0 }))
        #expect(level.field == "assessment.level", "\(level)")
        let answer = try #require(refusal(of: altered(SampleChanges.assessmentChange) { $0.assessment.answers["B.1.1"] = 0 }))
        #expect(answer.field == "assessment.self_care", "\(answer)")
    }

    @Test("the sample's scores are those computed by hand")
    func sampleScores() throws {
        // 90 − (4 − 2) − (3 − 1) − (4 − 3) = 85, 轻度失能 by total; a fall and a wandering-off in 30
        // days (two events) raise it to 中度失能.
        let decoded = try ChangeEnvelope(wire: WireChange(SampleChanges.assessmentChange))
        let assessment = try #require(decoded.body.as(Assessment.self))
        #expect(assessment.score.total == 85 && assessment.score.levelByTotal == .mild && assessment.score.level == .moderate)
    }
}

/// A public submission's handover and answer come whole from a peer, or not at all.
@Suite struct PublicSubmissionWireTests {
    @Test("a handover without its author, or an answer's author without the answer, is refused")
    func partialHandoverOrAnswer() throws {
        var wire = WireChange(SampleChanges.publicRequestChange)
        wire.publicSubmission.clearTakenBy()
        #expect(throws: WireError.self) { try ChangeEnvelope(wire: wire) }
        var answerless = WireChange(SampleChanges.publicComplaintChange)
        answerless.publicSubmission.answerBy = "站点"
        #expect(throws: WireError.self) { try ChangeEnvelope(wire: answerless) }
        #expect(try ChangeEnvelope(wire: WireChange(SampleChanges.publicRequestChange)) == SampleChanges.publicRequestChange)
    }
}
