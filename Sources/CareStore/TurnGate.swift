/// One at a time, first come first served, for async callers: `enter` suspends (it never blocks
/// a thread) until every earlier caller has left.
///
/// Sync batches take turns through one of these before they ask for the writer. SQLite has one
/// writer, and a county applying four streets' pushes at once would otherwise queue four
/// batches at it; an operator's write (an audit entry, a dispatch) arriving behind them waited
/// for all four. Through the gate at most one batch waits at the writer, so an operator's write
/// waits for at most the batch being applied.
actor TurnGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the turn to the longest waiting caller, if any.
    func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }

}
