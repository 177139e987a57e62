import CareModel
import CareStore
import Foundation
import Hummingbird

/// Activities with their sign-ups and attendance, and the street's overdrafts to settle.
extension TimeBankController {
    func addActivityRoutes(to routes: RouteCollection<NodeRequestContext>) {
        routes.route(.get, "volunteer-activities", requires: .volunteerRead) { (request: Request, context: NodeRequestContext) -> PageView<ActivityView> in
            let within = try request.query("within", DivisionCode.init) ?? context.scope?.division ?? db.node
            if let scope = context.scope, !Self.covers(scope, within) {
                throw APIError(.forbidden, en: "\(within) is outside your county", zh: "\(within) 不在您所在的县（区）")
            }
            let items = try await db.perform { try $0.activities(within: within, limit: Self.listLimit) }
            return PageView(items: items.map { ActivityView($0) }, next: nil, total: items.count)
        }
        // An activity is run by the node it is created on: its sign-ups and attendance are taken there.
        routes.route(.post, "volunteer-activities", requires: .volunteerWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<ActivityView> in
            if let scope = context.scope, !scope.contains(db.node) {
                throw APIError(.forbidden, en: "activities are run by the node they are created on; \(db.node) is outside your jurisdiction (\(scope.division))", zh: "本节点不在您的辖区之内，不能在此组织活动")
            }
            let draft = try await request.json(VolunteerActivity.Draft.self, context: context)
            let activity = try VolunteerActivity(validating: draft, home: db.node, organisedBy: context.actor)
            let stored = try await db.perform { try $0.createActivity(activity, actor: context.actor) }
            var response = tagged(ActivityView(stored), etag: stored.etag, status: .created)
            response.headers[.location] = "/api/v1/volunteer-activities/\(stored.model.id.uuidString)"
            return response
        }
        routes.route(.get, "volunteer-activities/:id", requires: .volunteerRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<ActivityView> in
            try await activityDetail(try request.uuidParameter(context), context)
        }
        routes.route(.post, "volunteer-activities/:id/signups", requires: .volunteerWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<ActivityView> in
            let (activityId, volunteerId) = try await runnableActivity(request, context)
            _ = try await db.perform { try $0.signUp(activityId: activityId, volunteerId: volunteerId, actor: context.actor) }
            var response = try await activityDetail(activityId, context)
            response.status = .created
            return response
        }
        routes.route(.post, "volunteer-activities/:id/attendance", requires: .timebankCredit) { (request: Request, context: NodeRequestContext) -> EditedResponse<ActivityView> in
            let (activityId, volunteerId) = try await runnableActivity(request, context)
            _ = try await db.perform { try $0.markAttendance(activityId: activityId, volunteerId: volunteerId, actor: context.actor) }
            var response = try await activityDetail(activityId, context)
            response.status = .created
            return response
        }
    }

    func addOverdraftRoutes(to routes: RouteCollection<NodeRequestContext>) {
        routes.route(.get, "timebank/overdrafts", requires: .volunteerRead) { (request: Request, context: NodeRequestContext) -> PageView<OverdraftView> in
            let settled = try request.query("settled", Bool.init) ?? false
            let items = try await db.perform { db -> [OverdraftView] in
                try db.overdrafts(includeSettled: settled).compactMap { stored in
                    guard context.scope.map({ Self.covers($0, stored.model.home) }) ?? true else { return nil }
                    let volunteer = try db.volunteer(id: stored.model.entityId)
                    return OverdraftView(
                        conflict: ConflictView(stored), volunteerId: stored.model.entityId, volunteerName: volunteer?.model.name,
                        entryId: stored.model.overdraftEntry,
                        balance: TimeBank.fold(try db.ledger(volunteerId: stored.model.entityId)).minutes)
                }
            }
            return PageView(items: items, next: nil, total: items.count)
        }
        // The street (or the county) settles: it sees the entries of all its stations.
        routes.route(.post, "timebank/overdrafts/:id/settle", requires: .timebankSettle) { (request: Request, context: NodeRequestContext) -> EditedResponse<SettlementView> in
            let id = try request.uuidParameter(context)
            guard info.role != .community else {
                throw APIError(.forbidden, en: "an overdraft is settled at the street or the county, which see every station's entries", zh: "透支由街道或县级处理")
            }
            let draft = try await request.json(TimeEntry.SettlementDraft.self, context: context)
            var v = Validator()
            if let minutes = draft.minutes, minutes == 0 || abs(minutes) > TimeEntry.minutesMax {
                v.fail("minutes", en: "an adjustment moves between 1 and \(TimeEntry.minutesMax) minutes either way; leave it out to accept the overdraft", zh: "调整时长应为非零且不超过\(TimeEntry.minutesMax)分钟；接受透支则不填")
            }
            let note = v.text(draft.note, "note", max: TimeEntry.noteMax, optional: draft.minutes != nil) ?? ""
            try v.check()
            guard let conflict = try await db.perform({ try $0.conflict(id: id) }), conflict.model.field == Conflict.overdraftField,
                context.scope.map({ Self.covers($0, conflict.model.home) }) ?? true
            else { throw APIError(.notFound, en: "no overdraft with id \(id)", zh: "未找到该透支记录") }
            let (stored, entry) = try await db.perform { try $0.settleOverdraft(id: id, adjust: draft.minutes, note: note, actor: context.actor) }
            return tagged(SettlementView(conflict: ConflictView(stored), entry: entry.map(TimeEntryView.init)), etag: stored.etag)
        }
    }

    /// The activity and volunteer a sign-up or attendance names, checked: the activity is run
    /// here, the account's jurisdiction covers it.
    private func runnableActivity(_ request: Request, _ context: NodeRequestContext) async throws -> (UUID, UUID) {
        let id = try request.uuidParameter(context)
        let pick = try await request.json(VolunteerPick.self, context: context)
        var v = Validator()
        let volunteerId = v.uuid(pick.volunteerId, "volunteerId")
        try v.check()
        guard let activity = try await db.perform({ try $0.activity(id: id) }), visible(activity.model, context) else {
            throw APIError(.notFound, en: "no volunteer activity with id \(id)", zh: "未找到该志愿服务活动")
        }
        guard activity.model.home == db.node else {
            throw APIError(.forbidden, en: "the activity is run at \(activity.model.home): sign-ups and attendance are taken there", zh: "报名和签到须在组织该活动的节点办理")
        }
        if let scope = context.scope, !scope.contains(activity.model.home) {
            throw APIError(.forbidden, en: "the activity is outside your jurisdiction (\(scope.division))", zh: "该活动不在您的辖区之内")
        }
        return (id, volunteerId!)
    }

    private func visible(_ activity: VolunteerActivity, _ context: NodeRequestContext) -> Bool {
        guard let scope = context.scope else { return true }
        return scope.contains(activity.home) || activity.home.contains(scope.division)
    }

    func activityDetail(_ id: UUID, _ context: NodeRequestContext) async throws -> EditedResponse<ActivityView> {
        guard let (activity, names, attended) = try await db.perform({ db -> (Stored<VolunteerActivity>, [UUID: String], Set<UUID>)? in
            guard let activity = try db.activity(id: id) else { return nil }
            var names: [UUID: String] = [:]
            for volunteerId in activity.model.signedUp { names[volunteerId] = try db.volunteer(id: volunteerId)?.model.name }
            return (activity, names, Set(try db.attendance(activityId: id).map(\.model.volunteerId)))
        }), visible(activity.model, context) else {
            throw APIError(.notFound, en: "no volunteer activity with id \(id)", zh: "未找到该志愿服务活动")
        }
        return tagged(ActivityView(activity, names: names, attended: attended), etag: activity.etag)
    }
}
