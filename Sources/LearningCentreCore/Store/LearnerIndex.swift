import Foundation
import Glibc
import GRDB
import Synchronization

/// The name search index, in memory: every folded word of every learner's name in one sorted
/// array, so that a query word finds the names it begins by binary search. It catches up with
/// the database from `learners.change_seq` inside the reader's own transaction, so it follows
/// writes from this process and from any other (an import run from the command line).
/// Learners live in dense slots with their filter fields in parallel arrays: a broad query
/// ("h") walks thousands of words, so the walk touches only integers.
final class LearnerIndex: Sendable {
    struct Word: Comparable {
        var text: String
        var slot: Int32
        static func < (a: Word, b: Word) -> Bool { a.text != b.text ? a.text < b.text : a.slot < b.slot }
    }

    struct State {
        var generation: Int64 = -1
        var slotOfSeq: [Int64: Int32] = [:]
        var seqs: [Int64] = []
        /// Folded names and sort keys without the tie-break: mostly 15 bytes or less, which
        /// Swift keeps inline, so 20,000 learners cost a few megabytes.
        var folded: [String] = []
        var given: [String] = []
        var sortKeys: [String] = []
        /// The first 8 bytes of the sort key, for fast comparisons.
        var sortPrefixes: [UInt64] = []
        var archived: [Bool] = []
        var villages: [Int32] = []
        var households: [Int32] = []
        /// Group ids as small integers (0: none).
        var groupNumbers: [String: Int32] = [:]
        var sorted: [Word] = []
        /// Marks slots already seen by the current search.
        var stamps: [UInt32] = []
        var stamp: UInt32 = 0

        mutating func number(_ id: String?) -> Int32 {
            guard let id else { return 0 }
            if let n = groupNumbers[id] { return n }
            let n = Int32(groupNumbers.count + 1)
            groupNumbers[id] = n
            return n
        }
    }

    private let state = Mutex(State())

    /// Brings the index up to the snapshot `db` reads.
    func catchUp(_ db: Database) throws {
        let generation = try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM change_counter WHERE id = 1")) ?? 0
        let known = state.withLock { $0.generation }
        guard generation > known else { return }
        let pending = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM learners WHERE change_seq > ?"), arguments: [known]) ?? 0
        // Rows are streamed from a cursor: a first load of 20,000 learners never holds them all as rows.
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT seq, folded_name, given_folded, sort_key, archived, village_id, household_id
            FROM learners WHERE change_seq > ? ORDER BY change_seq
            """), arguments: [known])
        try state.withLock { state in
            guard generation > state.generation else { return }  // another reader got here first
            let bulk = pending > 500
            while let row = try rows.next() {
                let seq: Int64 = row[0]
                let folded: String = row[1]
                let words = folded.split(separator: " ").map(String.init)
                let sortKey = String((row[3] as String).prefix { $0 != "\u{1}" })
                let slot: Int32
                if let existing = state.slotOfSeq[seq] {
                    slot = existing
                    if !bulk {
                        for word in state.folded[Int(slot)].split(separator: " ") {
                            LearnerIndex.remove(Word(text: String(word), slot: slot), from: &state.sorted)
                        }
                    }
                    let i = Int(slot)
                    state.folded[i] = folded; state.given[i] = row[2]; state.sortKeys[i] = sortKey
                    state.sortPrefixes[i] = LearnerIndex.prefix(sortKey); state.archived[i] = row[4]
                    state.villages[i] = state.number(row[5]); state.households[i] = state.number(row[6])
                } else {
                    slot = Int32(state.seqs.count)
                    state.slotOfSeq[seq] = slot
                    state.seqs.append(seq); state.folded.append(folded); state.given.append(row[2]); state.sortKeys.append(sortKey)
                    state.sortPrefixes.append(LearnerIndex.prefix(sortKey)); state.archived.append(row[4])
                    state.villages.append(state.number(row[5])); state.households.append(state.number(row[6]))
                    state.stamps.append(0)
                }
                if !bulk { for word in words { LearnerIndex.insert(Word(text: word, slot: slot), into: &state.sorted) } }
            }
            if bulk {
                var all: [Word] = []
                all.reserveCapacity(state.seqs.count * 3)
                for (slot, folded) in state.folded.enumerated() {
                    for word in folded.split(separator: " ") { all.append(Word(text: String(word), slot: Int32(slot))) }
                }
                state.sorted = all.sorted()
            }
            state.generation = generation
        }
        // A bulk load leaves freed row buffers behind; give them back to the system.
        if pending > 500 { Malloc.trim() }
    }

    /// The seqs of the best `count` matches, best first: every query word must begin a word of
    /// the name; the given name equal to a query word ranks first, then one starting with it,
    /// then the rest, each in the Vietnamese order.
    func search(_ tokens: [String], villageId: String?, householdId: String?, archived: Bool, count: Int) -> [Int64] {
        state.withLock { state in
            let ranges = tokens.map { LearnerIndex.range(of: $0, in: state.sorted) }
            guard let narrowest = ranges.indices.min(by: { ranges[$0].count < ranges[$1].count }) else { return [] }
            let village: Int32? = villageId.map { state.groupNumbers[$0] ?? -1 }
            let household: Int32? = householdId.map { state.groupNumbers[$0] ?? -1 }
            state.stamp &+= 1
            if state.stamp == 0 { state.stamps = Array(repeating: 0, count: state.stamps.count); state.stamp = 1 }
            var best: [(rank: Int, prefix: UInt64, slot: Int)] = []
            best.reserveCapacity(count + 1)
            for index in ranges[narrowest] {
                let slot = Int(state.sorted[index].slot)
                if state.stamps[slot] == state.stamp { continue }
                state.stamps[slot] = state.stamp
                guard state.archived[slot] == archived,
                      village == nil || state.villages[slot] == village,
                      household == nil || state.households[slot] == household else { continue }
                if tokens.count > 1 && !tokens.allSatisfy({ LearnerIndex.beginsAWord(state.folded[slot], $0) }) { continue }
                let given = state.given[slot]
                let rank = tokens.contains(given) ? 0 : tokens.contains(where: { given.hasPrefix($0) }) ? 1 : 2
                let candidate = (rank: rank, prefix: state.sortPrefixes[slot], slot: slot)
                func before(_ a: (rank: Int, prefix: UInt64, slot: Int), _ b: (rank: Int, prefix: UInt64, slot: Int)) -> Bool {
                    if a.rank != b.rank { return a.rank < b.rank }
                    if a.prefix != b.prefix { return a.prefix < b.prefix }
                    let (ka, kb) = (state.sortKeys[a.slot], state.sortKeys[b.slot])
                    return ka != kb ? ka < kb : state.seqs[a.slot] < state.seqs[b.slot]
                }
                if best.count == count, !before(candidate, best[best.count - 1]) { continue }
                let position = best.firstIndex { before(candidate, $0) } ?? best.endIndex
                best.insert(candidate, at: position)
                if best.count > count { best.removeLast() }
            }
            return best.map { state.seqs[$0.slot] }
        }
    }

    /// Whether a word of `folded` ("nguyen thi lan") begins with `token`. Runs for every
    /// candidate of a query with several words, so it compares raw UTF-8 bytes.
    static func beginsAWord(_ folded: String, _ token: String) -> Bool {
        var folded = folded, token = token
        return folded.withUTF8 { name in
            token.withUTF8 { word in
                let n = name.count, m = word.count
                guard m > 0 else { return true }
                var start = 0
                while start + m <= n {
                    if memcmp(name.baseAddress! + start, word.baseAddress!, m) == 0 { return true }
                    // Move to the beginning of the next word.
                    while start < n && name[start] != UInt8(ascii: " ") { start += 1 }
                    start += 1
                }
                return false
            }
        }
    }

    /// The positions of the words that begin with `token`.
    static func range(of token: String, in words: [Word]) -> Range<Int> {
        let lower = lowerBound(Word(text: token, slot: .min), in: words)
        // Every word beginning with `token` sorts before `token` followed by the highest byte.
        let upper = lowerBound(Word(text: token + "\u{7F}", slot: .min), in: words)
        return lower..<max(lower, upper)
    }

    static func lowerBound(_ word: Word, in words: [Word]) -> Int {
        var low = 0, high = words.count
        while low < high {
            let mid = (low + high) / 2
            if words[mid] < word { low = mid + 1 } else { high = mid }
        }
        return low
    }

    static func insert(_ word: Word, into words: inout [Word]) {
        words.insert(word, at: lowerBound(word, in: words))
    }

    static func remove(_ word: Word, from words: inout [Word]) {
        let i = lowerBound(word, in: words)
        if i < words.count && words[i] == word { words.remove(at: i) }
    }

    static func prefix(_ text: String) -> UInt64 {
        var value: UInt64 = 0
        var n = 0
        for byte in text.utf8.prefix(8) { value = value << 8 | UInt64(byte); n += 1 }
        return n == 0 ? 0 : value << (8 * UInt64(8 - n))
    }
}
