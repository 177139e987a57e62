import CareModel
import CareStore
import Foundation
import Hummingbird

/// Multi-party performance evaluation (绩效评价, Anhui §5.1.2.6, §6.1): each organisation's
/// quarter scored by elders' and families' ratings, the regulator's inspections, third-party
/// return visits and its own self-assessment, combined by the county's weights
/// (`PerformanceEvaluation.evaluate` states the rules), with the trend over four quarters.
/// Computed on each read from what the node holds, within the caller's jurisdiction.
struct PerformanceController {
    let db: AppDatabase
    let clock: HybridLogicalClock.WallClock

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, "performance", requires: .statsRead) { (request: Request, context: NodeRequestContext) -> PageView<PerformanceView> in
            let quarter = try quarter(request)
            let within = try context.subtree(request, node: db.node)
            let items = try await db.perform { db in
                try organisations(within: within, context, db).map { organisation in
                    PerformanceView(
                        try db.performance(organisationId: organisation.id, quarter: quarter, within: within, scope: context.scope),
                        name: organisation.name)
                }
            }.sorted { ($0.total ?? -1, $0.organisationName) > ($1.total ?? -1, $1.organisationName) }
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.get, "organisations/:id/performance", requires: .statsRead) { (request: Request, context: NodeRequestContext) -> OrganisationPerformanceView in
            let id = try request.uuidParameter(context)
            let quarter = try quarter(request)
            let within = try context.subtree(request, node: db.node)
            return try await db.perform { db in
                guard let organisation = try organisations(within: within, context, db).first(where: { $0.id == id }) else {
                    throw APIError(.notFound, en: "no organisation \(id) in your jurisdiction", zh: "您的辖区内没有该服务机构")
                }
                var quarters = [quarter]
                while quarters.count < 4 { quarters.insert(quarters[0].previous, at: 0) }
                let trend = try quarters.map { try db.performance(organisationId: id, quarter: $0, within: within, scope: context.scope) }
                return OrganisationPerformanceView(
                    evaluation: PerformanceView(trend.last!, name: organisation.name),
                    trend: trend.map { TrendPoint(quarter: $0.quarter, total: $0.total, stars: $0.stars) },
                    selfAssessments: try db.selfAssessments(organisationId: id).filter { $0.model.quarter == quarter.description }.map(SelfAssessmentView.init))
            }
        }
        routes.route(.get, "performance/weights", requires: .statsRead) { (_: Request, _: NodeRequestContext) -> WeightsView in
            WeightsView(try await db.perform { try $0.performanceWeights() })
        }
        routes.route(.put, "performance/weights", requires: .registryWrite) { (request: Request, context: NodeRequestContext) -> WeightsView in
            let draft = try await request.json(PerformanceWeights.Draft.self, context: context)
            let weights = try PerformanceWeights(validating: draft, county: db.node.county)
            return WeightsView(try await db.perform { try $0.setPerformanceWeights(weights, actor: context.actor) }.model)
        }
        routes.route(.post, "organisations/:id/self-assessments", requires: .performanceSelf) { (request: Request, context: NodeRequestContext) -> EditedResponse<SelfAssessmentView> in
            let id = try request.uuidParameter(context)
            if let own = context.scope?.organisationId, own != id {
                throw APIError(.forbidden, en: "you may assess only your own organisation", zh: "只能填报本机构的自评")
            }
            guard try await db.perform({ try $0.organisation(id: id) }) != nil else {
                throw APIError(.notFound, en: "no organisation with id \(id)", zh: "未找到该服务机构")
            }
            let draft = try await request.json(SelfAssessment.Draft.self, context: context)
            let assessment = try SelfAssessment(validating: draft, organisationId: id, home: db.node, by: context.actor, nowMillis: clock())
            let stored = try await db.perform { try $0.recordSelfAssessment(assessment, actor: context.actor) }
            return tagged(SelfAssessmentView(stored), etag: stored.etag, status: .created)
        }
        return routes
    }

    private func quarter(_ request: Request) throws -> Quarter {
        guard let text = try request.textQuery("quarter") else { return Quarter(containing: clock()) }
        guard let quarter = Quarter(text) else {
            throw APIError(.badRequest, en: "query parameter quarter='\(text)' is not a quarter such as 2026Q4", zh: "季度格式应为“2026Q4”")
        }
        return quarter
    }

    /// The organisations that serve a community within `within`; an organisation's account sees its own.
    private func organisations(within: DivisionCode, _ context: NodeRequestContext, _ db: AppDatabase) throws -> [ServiceOrganisation] {
        var all: [ServiceOrganisation] = []
        var filter = ListFilter(limit: 1000)
        repeat {
            let page = try db.organisations(filter)
            all += page.items.map(\.model)
            filter.after = page.next
        } while filter.after != nil
        return all.filter { organisation in
            (context.scope?.organisationId.map { $0 == organisation.id } ?? true)
                && organisation.communities.contains { within.contains($0) || $0.contains(within) }
        }
    }
}

extension PerformanceWeights.Draft: StrictDraft {}
extension SelfAssessment.Draft: StrictDraft {}
