import CareModel
import Foundation
import PropertyBased
import Testing

@Suite struct ProfileMergeTests {
    let base = Fixtures.elder()

    func created() -> ProfileState<Elder> {
        ProfileMerge.edit(nil, to: base, at: Fixtures.version(100, "420107001001"))
    }

    @Test func concurrentEditsOfOneFieldKeepTheLaterAndRecordTheLoser() {
        var atStreet = base
        atStreet.phone = "13800000001"
        var atCommunity = base
        atCommunity.phone = "13800000002"
        let street = ProfileMerge.edit(created(), to: atStreet, at: Fixtures.version(200, "420107001"))
        let community = ProfileMerge.edit(created(), to: atCommunity, at: Fixtures.version(300, "420107001001"))

        let (atStreetNode, streetConflicts) = ProfileMerge.merge(street, community)
        let (atCommunityNode, communityConflicts) = ProfileMerge.merge(community, street)

        #expect(atStreetNode == atCommunityNode)
        #expect(atStreetNode.record.phone == "13800000002")
        #expect(streetConflicts.count == 1 && communityConflicts.count == 1)
        #expect(streetConflicts.first?.loserValue == "\"13800000001\"")
        #expect(streetConflicts == communityConflicts)
    }

    @Test func anEditMadeAfterSeeingAnotherIsNotAConflict() {
        var first = base
        first.phone = "13800000001"
        let one = ProfileMerge.edit(created(), to: first, at: Fixtures.version(200, "420107001001"))
        var second = first
        second.phone = "13800000003"
        let two = ProfileMerge.edit(one, to: second, at: Fixtures.version(300, "420107001"))
        let (merged, conflicts) = ProfileMerge.merge(one, two)
        #expect(merged.record.phone == "13800000003")
        #expect(conflicts.isEmpty)
    }

    @Test func editsOfDifferentFieldsBothSurvive() {
        var a = base
        a.phone = "13800000001"
        var b = base
        b.abilityLevel = 4
        let left = ProfileMerge.edit(created(), to: a, at: Fixtures.version(200, "420107001"))
        let right = ProfileMerge.edit(created(), to: b, at: Fixtures.version(210, "420107001001"))
        let (merged, conflicts) = ProfileMerge.merge(left, right)
        #expect(merged.record.phone == "13800000001" && merged.record.abilityLevel == 4)
        #expect(conflicts.isEmpty)
    }

    /// Random edits at three nodes, merged in random orders with duplicates, end in one state.
    @Test func mergeIsCommutativeAssociativeAndIdempotent() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMix64(seed: UInt64(seed))
            let nodes = ["420107", "420107001", "420107001001"]
            var states: [ProfileState<Elder>] = []
            var millis: Int64 = 1_000
            var current = created()
            for _ in 0..<12 {
                var elder = (states.randomElement(using: &random) ?? current).record
                switch Int.random(in: 0..<4, using: &random) {
                case 0: elder.phone = "1380000\(Int.random(in: 1000...9999, using: &random))"
                case 1: elder.abilityLevel = Int.random(in: 0...4, using: &random)
                case 2: elder.name = ["王芳", "刘洋", "陈静"].randomElement(using: &random)!
                default: elder.livingSituation = LivingSituation.allCases.randomElement(using: &random)!
                }
                millis += Int64.random(in: 0...3, using: &random)
                let from = states.randomElement(using: &random) ?? current
                current = ProfileMerge.edit(from, to: elder, at: Fixtures.version(millis, nodes.randomElement(using: &random)!, counter: UInt16(states.count)))
                states.append(current)
            }
            let reference = states.reduce(created()) { ProfileMerge.merge($0, $1).state }
            var shuffled = states + states.prefix(4)
            shuffled.shuffle(using: &random)
            let other = shuffled.reduce(created()) { ProfileMerge.merge($0, $1).state }
            #expect(reference == other)
            // Associativity: merging two halves separately, then together.
            let half = shuffled.count / 2
            let left = shuffled[..<half].reduce(created()) { ProfileMerge.merge($0, $1).state }
            let right = shuffled[half...].reduce(created()) { ProfileMerge.merge($0, $1).state }
            #expect(ProfileMerge.merge(left, right).state == reference)
            #expect(ProfileMerge.merge(reference, reference).state == reference)
        }
    }
}
