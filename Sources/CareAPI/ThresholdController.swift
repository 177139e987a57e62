import CareModel
import CareStore
import Foundation
import Hummingbird

/// Alert thresholds (阈值): an elder's effective bounds with where each comes from, the
/// elder's own set and removed by station staff (`threshold.write`), and the county's defaults
/// by measure and chronic condition (`registry.write`, at the county node). Device ingest uses
/// what these write (`ThresholdPrecedence`).
struct ThresholdController {
    let db: AppDatabase
    let clock: HybridLogicalClock.WallClock

    /// The path segment naming the default for every elder rather than one condition.
    static let general = "general"

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, "elders/:id/thresholds", requires: .healthRead) { (request: Request, context: NodeRequestContext) -> ElderThresholdsView in
            let id = try request.uuidParameter(context)
            return try await db.perform { db in
                let elder = try visibleElder(id, context, db)
                return ElderThresholdsView(try db.effectiveThresholds(elderId: elder.model.id))
            }
        }
        routes.route(.put, "elders/:id/thresholds/:measure", requires: .thresholdWrite) { (request: Request, context: NodeRequestContext) -> ElderThresholdsView in
            let id = try request.uuidParameter(context)
            let measure = try Self.measure(context)
            let draft = try await request.json(Threshold.Draft.self, context: context)
            var v = Validator()
            v.add(draft.threshold.errors(for: measure))
            let note = v.text(draft.note, "note", max: ThresholdOverride.noteMax, optional: true)
            if draft.source != nil { v.fail("source", en: "source belongs to a county default; give the reason as note", zh: "个人阈值请在note中说明原因") }
            try v.check()
            let elder = try await writableElder(id, context)
            let override = ThresholdOverride(
                home: elder.model.home, elderId: elder.model.id, measure: measure, threshold: draft.threshold,
                note: note?.isEmpty == true ? nil : note, setBy: context.actor, setAtMillis: clock())
            return try await db.perform { db in
                _ = try db.setThresholdOverride(override, actor: context.actor)
                return ElderThresholdsView(try db.effectiveThresholds(elderId: elder.model.id))
            }
        }
        routes.route(.delete, "elders/:id/thresholds/:measure", requires: .thresholdWrite) { (request: Request, context: NodeRequestContext) -> HTTPResponse.Status in
            let id = try request.uuidParameter(context)
            let measure = try Self.measure(context)
            let elder = try await writableElder(id, context)
            try await db.perform { try $0.removeThresholdOverride(elderId: elder.model.id, measure: measure, actor: context.actor) }
            return .noContent
        }
        routes.route(.get, "thresholds/defaults", requires: .healthRead) { (_: Request, _: NodeRequestContext) -> ThresholdDefaultsView in
            ThresholdDefaultsView(items: try await db.perform { try $0.thresholdDefaults() }.map(ThresholdDefaultView.init))
        }
        routes.route(.put, "thresholds/defaults/:condition/:measure", requires: .registryWrite) { (request: Request, context: NodeRequestContext) -> ThresholdDefaultView in
            let (condition, measure) = try Self.defaultKey(context)
            let draft = try await request.json(Threshold.Draft.self, context: context)
            var v = Validator()
            v.add(draft.threshold.errors(for: measure))
            let source = v.text(draft.source, "source", max: ThresholdDefault.sourceMax, optional: true)
            if draft.note != nil { v.fail("note", en: "a county default carries its guideline as source, not a note", zh: "县级默认值请在source中注明依据") }
            try v.check()
            try countyOnly()
            let value = ThresholdDefault(
                home: db.node, measure: measure, condition: condition, threshold: draft.threshold, source: source?.isEmpty == true ? nil : source)
            return try await db.perform { db in
                _ = try db.setThresholdDefault(value, actor: context.actor)
                return ThresholdDefaultView(try db.thresholdDefaults().first { $0.current.id == value.id }!)
            }
        }
        routes.route(.delete, "thresholds/defaults/:condition/:measure", requires: .registryWrite) { (_: Request, context: NodeRequestContext) -> HTTPResponse.Status in
            let (condition, measure) = try Self.defaultKey(context)
            try countyOnly()
            try await db.perform { try $0.removeThresholdDefault(measure: measure, condition: condition, actor: context.actor) }
            return .noContent
        }
        return routes
    }

    static func measure(_ context: NodeRequestContext) throws -> Measure {
        var v = Validator()
        let measure = v.code(context.parameters.get("measure"), "measure", as: Measure.self)
        try v.check()
        return measure!
    }

    /// The condition (nil for `general`) and measure a default route names.
    static func defaultKey(_ context: NodeRequestContext) throws -> (ChronicDisease?, Measure) {
        var v = Validator()
        let text = context.parameters.get("condition")
        let condition = text == general ? nil : v.code(text, "condition", as: ChronicDisease.self)
        let measure = v.code(context.parameters.get("measure"), "measure", as: Measure.self)
        try v.check()
        return (condition, measure!)
    }

    private func countyOnly() throws {
        guard db.node.role == .county else {
            throw APIError(
                .forbidden, en: "threshold defaults belong to the county registry: set them on the county node, not on this \(db.node.role.rawValue) node",
                zh: "阈值默认值由县级指导中心维护，请在县级节点设置")
        }
    }

    private func visibleElder(_ id: UUID, _ context: NodeRequestContext, _ db: AppDatabase) throws -> Stored<Elder> {
        guard let elder = try db.elder(id: id, in: context.scope) else { throw APIError(.notFound, "no elder with id \(id)") }
        return elder
    }

    /// The elder, when this node and the account may set its thresholds.
    private func writableElder(_ id: UUID, _ context: NodeRequestContext) async throws -> Stored<Elder> {
        let elder = try await db.perform { db in try visibleElder(id, context, db) }
        guard db.node.contains(elder.model.home) else {
            throw APIError(.forbidden, en: "elder \(id) is homed at \(elder.model.home), outside this node (\(db.node))", zh: "该老人不在本节点辖区之内")
        }
        return elder
    }
}

extension Threshold.Draft: StrictDraft {}
