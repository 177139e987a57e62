import CareModel
import CareStore
import Foundation
import Hummingbird

/// What each route does, for the API document, keyed by `METHOD /path` as the router serves
/// it. The route/document test fails on a route without a note and on a note without a route.
enum RouteNotes {
    static let all: [String: RouteNote] = {
        var notes: [String: RouteNote] = [:]
        for area in [node, people, care, services, supervision, exchange] {
            for (key, note) in area {
                precondition(notes[key] == nil, "two notes for \(key)")
                notes[key] = note
            }
        }
        return notes
    }()

    /// The routes added outside the ledger (health, metrics, the document itself, device
    /// reports and the sync endpoints), which say here who may call them.
    static let node: [String: RouteNote] = [
        "GET /healthz": RouteNote("Liveness: answers ok while the node serves", produces: "text/plain", access: .open, output: String.self),
        "GET /metrics": RouteNote("Prometheus metrics of sync, ingest and the store", produces: "text/plain", access: .open, output: String.self),
        "GET /api/v1/openapi.json": RouteNote("This document", access: .open, output: Response.self),
        "POST /api/v1/devices/{id}/readings": RouteNote(
            "A device reports readings and events (the id is the device's serial); alerts are raised from them",
            body: DeviceReport.Draft.self, access: .device, output: EditedResponse<DeviceController.IngestView>.self),
        "POST /sync/v1/hello": RouteNote("A child node introduces itself (protobuf Hello)", bodyContent: "application/x-protobuf", produces: "application/x-protobuf", access: .childNode),
        "POST /sync/v1/push": RouteNote("A child node pushes a batch of changes (protobuf Push)", bodyContent: "application/x-protobuf", produces: "application/x-protobuf", access: .childNode),
        "POST /sync/v1/pull": RouteNote("A child node pulls the changes for its subtree (protobuf Pull)", bodyContent: "application/x-protobuf", produces: "application/x-protobuf", access: .childNode),
        "PUT /sync/v1/blobs/{sha256}": RouteNote("A child node uploads a blob a change refers to", bodyContent: "application/octet-stream", access: .childNode),
        "GET /sync/v1/blobs/{sha256}": RouteNote("A child node downloads a blob", produces: "application/octet-stream", access: .childNode),
    ]
}
