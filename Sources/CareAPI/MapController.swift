import CareModel
import CareStore
import Foundation
import Hummingbird

/// `GET /api/v1/map/communities`: the one map's (一张图) figures per community, for a node whose
/// subtree is too big to draw elder by elder: each community's elders, their mean position,
/// how many live alone, and its open orders and alerts.
struct MapController {
    let db: AppDatabase

    struct MapView: ResponseEncodable, Decodable {
        let within: String
        let communities: [CommunityOnMap]
        let elders: Int
        let located: Int
        /// Totals of the communities' open work; absent for an account that may not see orders or alerts.
        let openOrders: Int?
        let openAlerts: Int?
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, "communities", requires: .elderRead) { (request: Request, context: NodeRequestContext) -> MapView in
            let within = try context.subtree(request, node: db.node)
            let orders = context.has(.orderRead), alerts = context.has(.alertRead)
            let communities = try await db.perform { db in
                try db.communitiesOnMap(within: within, scope: context.scope, orders: orders, alerts: alerts)
            }
            return MapView(
                within: within.rawValue, communities: communities, elders: communities.reduce(0) { $0 + $1.elders },
                located: communities.reduce(0) { $0 + $1.located },
                openOrders: orders ? communities.reduce(0) { $0 + ($1.openOrders ?? 0) } : nil,
                openAlerts: alerts ? communities.reduce(0) { $0 + ($1.openAlerts ?? 0) } : nil)
        }
        return routes
    }
}
