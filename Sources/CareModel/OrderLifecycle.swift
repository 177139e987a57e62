/// The state of an order: a deterministic fold of its events in version order.
public struct OrderState: Hashable, Sendable {
    public var status: OrderStatus = .requested
    public var organisationId: UUID?
    public var workerId: UUID?
    /// The dispatch event currently in force.
    public var dispatchEvent: UUID?
    /// Events the fold accepted, in order.
    public var applied: [OrderEvent] = []
    /// Events the fold could not accept, with the reason; each becomes a conflict.
    public var rejected: [RejectedEvent] = []

    public init() {}

    /// The version of the latest accepted event.
    public var version: Version? { applied.last?.version }
}

public struct RejectedEvent: Hashable, Sendable {
    public let event: OrderEvent
    public let reason: String
}

public enum OrderLifecycle {
    /// Folds an order's events. The result depends only on the set of events, never on the
    /// order they arrived in or on duplicates, so every node reaches the same state.
    ///
    /// Rules beyond the transition table: a completion is never lost — when any completion is
    /// present, cancellations are rejected wherever they fall in the order; a second dispatch
    /// is accepted only as an explicit re-dispatch of the one in force (`supersedes`), so two
    /// concurrent dispatches leave the earlier in force and the later as a conflict.
    public static func fold(_ events: some Sequence<OrderEvent>) -> OrderState {
        var seen = Set<UUID>()
        let ordered = events.filter { seen.insert($0.id).inserted }.sorted {
            $0.version != $1.version ? $0.version < $1.version : $0.id.canonicalString < $1.id.canonicalString
        }
        let completed = ordered.contains { $0.kind == .complete }
        var state = OrderState()
        for event in ordered {
            if let reason = rejection(of: event, in: state, completionExists: completed) {
                state.rejected.append(RejectedEvent(event: event, reason: reason))
                continue
            }
            apply(event, to: &state)
        }
        return state
    }

    /// Why `event` cannot follow `state`, or nil when it can.
    public static func rejection(of event: OrderEvent, in state: OrderState, completionExists: Bool = false) -> String? {
        if event.kind == .cancel && (completionExists || state.status >= .checkedIn) && state.status != .cancelled {
            return "cancellation lost to a service that was \(completionExists ? "completed" : "already in progress")"
        }
        if event.kind.assignsOrganisation && OrderStatus.offered.contains(state.status) {
            if event.supersedes != nil && event.supersedes == state.dispatchEvent { return nil }
            return "order was already dispatched to organisation \(state.organisationId?.canonicalString ?? "?") by another tier"
        }
        if !event.kind.allowedFrom.contains(state.status) {
            let next = OrderEventKind.allowed(from: state.status).map(\.rawValue).joined(separator: ", ")
            return "cannot \(event.kind.rawValue) an order that is \(state.status.rawValue); allowed next: \(next.isEmpty ? "none" : next)"
        }
        return nil
    }

    private static func apply(_ event: OrderEvent, to state: inout OrderState) {
        switch event.kind {
        case .dispatch, .refer:
            state.status = event.kind == .refer ? .referred : .dispatched
            state.organisationId = event.organisationId
            state.workerId = nil
            state.dispatchEvent = event.id
        case .refuse:
            state.status = .requested
            state.organisationId = nil
            state.dispatchEvent = nil
        case .accept:
            state.status = .accepted
            state.workerId = event.workerId
        case .checkIn: state.status = .checkedIn
        case .complete: state.status = .completed
        case .rate: state.status = max(state.status, .rated)
        case .returnVisit: state.status = .returnVisited
        case .close: state.status = .closed
        case .cancel: state.status = .cancelled
        }
        state.applied.append(event)
    }
}

import Foundation
