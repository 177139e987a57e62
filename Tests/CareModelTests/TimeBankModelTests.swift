import CareModel
import Foundation
import Testing

/// The time bank as pure rules: the balance is a fold over the entries that does not depend
/// on the order they arrived in, an entry that overdraws is kept and named, every node names
/// the same overdraft conflict, and county-wide records may come up from any node of the county.
@Suite struct TimeBankModelTests {
    static let county = DivisionCode("420107")!
    static let street = DivisionCode("420107001")!
    static let communityA = DivisionCode("420107001001")!
    static let communityB = DivisionCode("420107001002")!
    static let volunteer = Volunteer(name: "李桂芳", phone: "13912345678", community: communityA, skills: [.companionship], registeredBy: "站点A")

    static func version(_ millis: Int64, at node: DivisionCode) -> Version {
        Version(hlc: HLC(millis: millis, counter: 0), origin: node.rawValue)
    }

    static func entry(_ kind: TimeEntryKind, _ minutes: Int, at node: DivisionCode, _ millis: Int64) -> LedgerEntry {
        let entry = TimeEntry(
            home: county, volunteerId: volunteer.id, kind: kind, minutes: minutes, activityId: kind == .earn ? UUID() : nil,
            orderId: kind == .redeem ? UUID() : nil, forElderId: kind == .redeem ? UUID() : nil, relation: kind == .redeem ? .family : nil,
            node: node, operator: "站点", atMillis: millis)
        return LedgerEntry(entry, version: version(millis, at: node))
    }

    @Test func theBalanceIsTheSumOfEveryEntryInAnyOrder() {
        let entries = [
            Self.entry(.earn, 120, at: Self.communityA, 1_000), Self.entry(.redeem, 45, at: Self.communityB, 2_000),
            Self.entry(.earn, 60, at: Self.communityA, 3_000), Self.entry(.adjust, -15, at: Self.street, 4_000),
        ]
        let folded = TimeBank.fold(entries)
        #expect(folded.minutes == 120 && folded.earned == 180 && folded.redeemed == 45 && folded.adjusted == -15)
        #expect(folded.overdrafts.isEmpty)
        for _ in 0..<10 { #expect(TimeBank.fold(entries.shuffled()) == folded) }
        #expect(TimeBank.fold(entries + entries.prefix(0)) == folded)
    }

    @Test func twoRedemptionsOfTheSameHoursLeaveBothEntriesAndNameTheLaterOneAsTheOverdraft() throws {
        // Given 60 minutes earned at A, spent at A and again at B while the two were apart.
        let earned = Self.entry(.earn, 60, at: Self.communityA, 1_000)
        let atA = Self.entry(.redeem, 60, at: Self.communityA, 2_000)
        let atB = Self.entry(.redeem, 60, at: Self.communityB, 2_500)
        // When either station meets the other's entry.
        let seenAtA = TimeBank.fold([earned, atA, atB])
        let seenAtB = TimeBank.fold([atB, earned, atA])
        // Then both count, the balance is negative, and both name the same entry and conflict.
        #expect(seenAtA == seenAtB && seenAtA.minutes == -60 && seenAtA.redeemed == 120)
        #expect(seenAtA.overdrafts.map(\.entry.id) == [atB.entry.id])
        let conflictA = Conflict(overdraft: seenAtA.overdrafts[0], volunteer: Self.volunteer)
        let conflictB = Conflict(overdraft: seenAtB.overdrafts[0], volunteer: Self.volunteer)
        #expect(conflictA == conflictB && conflictA.home == Self.county && conflictA.overdraftEntry == atB.entry.id)
        #expect(conflictA.entityKind == .volunteer && conflictA.isSharedAcrossCounty && conflictA.validationErrors.isEmpty)
        // And a settlement that puts the hours back brings the balance to zero.
        let settled = TimeBank.fold([earned, atA, atB, Self.entry(.adjust, 60, at: Self.street, 9_000)])
        #expect(settled.minutes == 0 && settled.adjusted == 60)
    }

    @Test func aLocalDebitThatWouldOverdrawIsRefusedInBothLanguages() throws {
        let refusal = try #require(TimeBank.overdrawRefusal(balance: 30, delta: -60))
        #expect(refusal.en.contains("30 minutes") && refusal.zh.contains("30分钟"))
        #expect(TimeBank.overdrawRefusal(balance: 30, delta: -30) == nil)
        #expect(TimeBank.overdrawRefusal(balance: -30, delta: 60) == nil)
    }

    @Test func anEntrysRulesFollowItsKind() {
        var redeem = Self.entry(.redeem, 30, at: Self.communityB, 1_000).entry
        #expect(redeem.validationErrors.isEmpty)
        redeem.orderId = nil
        redeem.minutes = 0
        #expect(Set(redeem.validationErrors.map(\.field)) == ["orderId", "minutes"])
        var adjust = Self.entry(.adjust, 0, at: Self.street, 1_000).entry
        #expect(adjust.validationErrors.map(\.field) == ["minutes"])
        adjust.minutes = -20
        #expect(adjust.validationErrors.isEmpty && adjust.signedMinutes == -20)
        var elsewhere = Self.entry(.earn, 30, at: DivisionCode("420108001001")!, 1_000).entry
        #expect(elsewhere.validationErrors.map(\.field) == ["node"])
        elsewhere.node = Self.communityA
        #expect(elsewhere.validationErrors.isEmpty)
    }

    @Test func attendanceCreditsOnceAnActivityMinutesWithAStableId() throws {
        let activity = VolunteerActivity(home: Self.communityA, title: "助老理发", date: "2026-03-02", place: "社区活动室", minutes: 90, capacity: 2, organisedBy: "站点A")
        let first = TimeEntry.attendance(activity, volunteer: Self.volunteer, node: Self.communityA, operator: "站点A", atMillis: 1_000)
        let again = TimeEntry.attendance(activity, volunteer: Self.volunteer, node: Self.communityA, operator: "站点A", atMillis: 2_000)
        #expect(first.id == again.id && first.minutes == 90 && first.kind == .earn && first.validationErrors.isEmpty)
        let full = try activity.signingUp(Self.volunteer)
        #expect(throws: ValidationFailure.self) { try full.signingUp(Self.volunteer) }
        let other = Volunteer(name: "陈建国", phone: "13800001111", community: Self.communityB, skills: [], registeredBy: "站点B")
        let third = Volunteer(name: "周玉兰", phone: "13800002222", community: Self.communityB, skills: [], registeredBy: "站点B")
        let two = try full.signingUp(other)
        #expect(two.signedUp == [Self.volunteer.id, other.id])
        #expect(throws: ValidationFailure.self) { try two.signingUp(third) }
    }

    @Test func aVolunteerDraftIsCheckedFieldByField() {
        var draft = Volunteer.Draft()
        draft.name = ""
        draft.phone = "abc"
        draft.community = "420107001"
        draft.skills = ["juggling"]
        do throws(ValidationFailure) {
            _ = try Volunteer(validating: draft, elder: nil, registeredBy: "站点")
            Issue.record("a bad draft was accepted")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["name", "phone", "community", "skills[0]"])
            #expect(error.errors.allSatisfy { !$0.messageZh.isEmpty })
        }
        draft = Volunteer.Draft()
        draft.name = "李桂芳"
        draft.phone = "139 1234 5678"
        draft.community = Self.communityA.rawValue
        let made = try? Volunteer(validating: draft, elder: nil, registeredBy: "站点")
        #expect(made?.home == Self.county && made?.validationErrors.isEmpty == true)
    }

    @Test func aCountyWideRecordMayComeUpFromAnyNodeOfItsCountyAndNoOther() {
        let entry = Self.entry(.redeem, 30, at: Self.communityB, 1_000)
        let change = ChangeEnvelope(id: entry.entry.id, home: Self.county, version: entry.version, body: RecordBody(entry.entry))
        #expect(SyncScope.childRefusal(change, child: Self.communityB, storedHome: nil) == nil)
        #expect(SyncScope.childRefusal(change, child: Self.street, storedHome: Self.county) == nil)
        let otherCounty = SyncScope.childRefusal(change, child: DivisionCode("420108001001")!, storedHome: nil)
        #expect(otherCounty?.contains("homed at the county") == true)
        let misplaced = ChangeEnvelope(id: entry.entry.id, home: Self.street, version: entry.version, body: RecordBody(entry.entry))
        #expect(SyncScope.childRefusal(misplaced, child: Self.communityB, storedHome: nil) != nil)
        // An ordinary record homed at the county still may not come up from below.
        var activity = VolunteerActivity(home: Self.county, title: "全县志愿者培训", date: "2026-03-02", place: "县民政局", minutes: 60, capacity: 50, organisedBy: "县")
        activity.signedUp = []
        let ordinary = ChangeEnvelope(id: activity.id, home: Self.county, version: entry.version, body: RecordBody(activity))
        #expect(SyncScope.childRefusal(ordinary, child: Self.communityB, storedHome: nil) != nil)
    }

    @Test func aChildSendsUpOnlyWhatItsOwnPartOfTheCountyWrote() {
        // An entry written at community B, sent by community A (or in B's name by A): refused.
        let entry = Self.entry(.earn, 60, at: Self.communityB, 2_000)
        let change = ChangeEnvelope(id: entry.entry.id, home: Self.county, version: entry.version, body: RecordBody(entry.entry))
        #expect(SyncScope.childRefusal(change, child: Self.communityA, storedHome: nil)?.contains("written at") == true)
        let forged = ChangeEnvelope(id: entry.entry.id, home: Self.county, version: Self.version(2_000, at: Self.communityA), body: RecordBody(entry.entry))
        #expect(SyncScope.childRefusal(forged, child: Self.communityA, storedHome: nil)?.contains("belongs to") == true)

        // A's volunteer edited at A comes up; B may neither edit it nor claim it for itself.
        let volunteer = Self.volunteer
        let own = ChangeEnvelope(id: volunteer.id, home: Self.county, version: Self.version(3_000, at: Self.communityA), body: RecordBody(volunteer))
        #expect(SyncScope.childRefusal(own, child: Self.communityA, storedHome: Self.county, stored: volunteer) == nil)
        #expect(SyncScope.childRefusal(own, child: Self.street, storedHome: Self.county, stored: volunteer) == nil, "the street relays it")
        var claimed = volunteer
        claimed.community = Self.communityB
        let hijack = ChangeEnvelope(id: volunteer.id, home: Self.county, version: Self.version(3_000, at: Self.communityB), body: RecordBody(claimed))
        #expect(SyncScope.childRefusal(hijack, child: Self.communityB, storedHome: Self.county, stored: volunteer)?.contains("belongs to \(Self.communityA)") == true)

        // An overdraft's settlement comes from a street or the county, never a community.
        var volunteerAtCounty = volunteer
        volunteerAtCounty.home = Self.county
        var settled = Conflict(overdraft: entry, volunteer: volunteerAtCounty)
        settled.resolution = Conflict.Resolution(note: "扣回", by: "站点", at: Self.version(4_000, at: Self.communityB))
        let fromCommunity = ChangeEnvelope(id: settled.id, home: settled.home, version: Self.version(4_000, at: Self.communityB), body: RecordBody(settled))
        #expect(SyncScope.childRefusal(fromCommunity, child: Self.communityB, storedHome: nil)?.contains("settled at a street") == true)
        let fromStreet = ChangeEnvelope(id: settled.id, home: settled.home, version: Self.version(4_000, at: Self.street), body: RecordBody(settled))
        #expect(SyncScope.childRefusal(fromStreet, child: Self.street, storedHome: nil) == nil)
    }
}
