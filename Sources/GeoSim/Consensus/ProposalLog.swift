/// The commands behind log entries: which client operation the leader appended at each
/// (index, term), on which key, at which MVCC timestamp. Raft nodes carry only entry
/// terms; the simulation keeps the commands here, once for the whole cluster, because an
/// (index, term) pair names one entry on every replica (Log Matching). Memory is bounded
/// by the entries not yet committed.
struct ProposalLog {
    /// One proposed write.
    struct Command {
        var operation: UInt64
        var key: Int
        /// The leaseholder's clock when it proposed the write (ns).
        var timestamp: Nanoseconds
    }

    /// The log index of `terms[start]`.
    private var base: UInt64 = 1
    private var start = 0
    private var terms: [UInt64] = []
    private var commands: [Command?] = []
    /// Commands a later leader's proposal displaced at the same index. The earlier entry
    /// may still win: a leader elected without it can lose its term before committing,
    /// and the next leader, holding the earlier entry, commits it. Rare (only after a
    /// leader change with diverging logs), so a short list searched linearly.
    private var displaced: [(index: UInt64, term: UInt64, command: Command)] = []

    /// Records that the entry at `index` in `term` carries `command`; an earlier leader's
    /// command at that index is kept aside until the index commits.
    mutating func record(index: UInt64, term: UInt64, _ command: Command) {
        guard index >= base else { return }
        let offset = start + Int(index - base)
        while terms.count <= offset {
            terms.append(0)
            commands.append(nil)
        }
        if let earlier = commands[offset], terms[offset] != term {
            displaced.append((index, terms[offset], earlier))
        }
        terms[offset] = term
        commands[offset] = command
    }

    /// The command of the entry (index, term), removing it so it is handled once; nil if
    /// that entry carried no client write.
    mutating func take(index: UInt64, term: UInt64) -> Command? {
        guard index >= base else { return nil }
        let offset = start + Int(index - base)
        if offset < terms.count, terms[offset] == term, let command = commands[offset] {
            commands[offset] = nil
            return command
        }
        guard let position = displaced.firstIndex(where: { $0.index == index && $0.term == term }) else { return nil }
        return displaced.remove(at: position).command
    }

    /// Forgets entries through `index` (committed and handled).
    mutating func release(through index: UInt64) {
        // Whatever was displaced at a committed index lost for good.
        if !displaced.isEmpty { displaced.removeAll { $0.index <= index } }
        guard index >= base else { return }
        let drop = min(Int(index - base + 1), terms.count - start)
        start += drop
        base += UInt64(drop)
        // Shift storage down in large chunks so the cost per entry stays constant.
        if start >= 4096, start * 2 >= terms.count {
            terms.removeFirst(start)
            commands.removeFirst(start)
            start = 0
        }
    }
}
