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
    /// A word of a learner's name: where it lies in the slot's folded name (8 bytes; a `String`
    /// and a slot took 24, and there are three or four words a learner).
    struct Word: Equatable {
        var slot: Int32
        var start: UInt16
        var count: UInt16
    }

    struct State {
        var generation: Int64 = -1
        var slotOfSeq: [Int64: Int32] = [:]
        var seqs: [Int64] = []
        /// Folded names, given names and sort keys without the tie-break (ASCII, from the
        /// learner's row), each slot's in one shared buffer.
        var folded = SlotTexts()
        var given = SlotTexts()
        var sortKeys = SlotTexts()
        /// The first 8 bytes of the sort key, for fast comparisons.
        var sortPrefixes: [UInt64] = []
        var archived: [Bool] = []
        var villages: [Int32] = []
        var households: [Int32] = []
        /// Group ids as small integers (0: none).
        var groupNumbers: [String: Int32] = [:]
        /// Every word of every name, in the order of its bytes, then its slot.
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

        /// The distinct words of the slot's folded name ("hanh hanh" is one word: a word stands in
        /// `sorted` once for its slot, so that it can be found again and taken out).
        func words(of slot: Int32) -> [Word] {
            let range = folded.range(Int(slot))
            var words: [Word] = []
            func add(_ start: Int, _ end: Int) {
                let text = folded.bytes[start..<end]
                let seen = words.contains { word in
                    let from = range.lowerBound + Int(word.start)
                    return folded.bytes[from..<from + Int(word.count)].elementsEqual(text)
                }
                guard end > start, !seen else { return }
                words.append(Word(slot: slot, start: UInt16(start - range.lowerBound), count: UInt16(end - start)))
            }
            var start = range.lowerBound
            for i in range where folded.bytes[i] == UInt8(ascii: " ") {
                add(start, i)
                start = i + 1
            }
            add(start, range.upperBound)
            return words
        }

        /// The bytes of `word`, in `names` (the folded names' buffer).
        func text(_ names: UnsafeBufferPointer<UInt8>, _ word: Word) -> UnsafeBufferPointer<UInt8> {
            let start = folded.range(Int(word.slot)).lowerBound + Int(word.start)
            return UnsafeBufferPointer(rebasing: names[start..<start + Int(word.count)])
        }

        func less(_ names: UnsafeBufferPointer<UInt8>, _ a: Word, _ b: Word) -> Bool {
            let order = compareBytes(text(names, a), text(names, b))
            return order != 0 ? order < 0 : a.slot < b.slot
        }

        /// The first position in `sorted` not before the word `bytes` of `slot`.
        func lowerBound(_ names: UnsafeBufferPointer<UInt8>, _ bytes: UnsafeBufferPointer<UInt8>, slot: Int32) -> Int {
            var low = 0, high = sorted.count
            while low < high {
                let mid = (low + high) / 2
                let order = compareBytes(text(names, sorted[mid]), bytes)
                if order < 0 || (order == 0 && sorted[mid].slot < slot) { low = mid + 1 } else { high = mid }
            }
            return low
        }

        /// The positions of the words that begin with `token`.
        func range(of token: [UInt8]) -> Range<Int> {
            folded.bytes.withUnsafeBufferPointer { names in
                let lower = token.withUnsafeBufferPointer { lowerBound(names, $0, slot: .min) }
                // Every word beginning with `token` sorts before `token` followed by the highest byte.
                let upper = (token + [0x7F]).withUnsafeBufferPointer { lowerBound(names, $0, slot: .min) }
                return lower..<max(lower, upper)
            }
        }

        func position(of word: Word) -> Int {
            folded.bytes.withUnsafeBufferPointer { names in lowerBound(names, text(names, word), slot: word.slot) }
        }

        mutating func insert(_ word: Word) { sorted.insert(word, at: position(of: word)) }

        mutating func remove(_ word: Word) {
            let i = position(of: word)
            if i < sorted.count && sorted[i] == word { sorted.remove(at: i) }
        }

        /// Every word of every slot, sorted afresh (a first load, or many changes at once).
        mutating func sortAll() {
            var all: [Word] = []
            all.reserveCapacity(seqs.count * 4)
            for slot in seqs.indices { all += words(of: Int32(slot)) }
            folded.bytes.withUnsafeBufferPointer { names in all.sort { less(names, $0, $1) } }
            sorted = all
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
                let sortKey = String((row[3] as String).prefix { $0 != "\u{1}" })
                let slot: Int32
                if let existing = state.slotOfSeq[seq] {
                    slot = existing
                    if !bulk { for word in state.words(of: slot) { state.remove(word) } }
                    let i = Int(slot)
                    state.folded.set(i, row[1]); state.given.set(i, row[2]); state.sortKeys.set(i, sortKey)
                    state.sortPrefixes[i] = LearnerIndex.prefix(sortKey); state.archived[i] = row[4]
                    state.villages[i] = state.number(row[5]); state.households[i] = state.number(row[6])
                } else {
                    slot = Int32(state.seqs.count)
                    state.slotOfSeq[seq] = slot
                    state.seqs.append(seq); state.folded.append(row[1]); state.given.append(row[2]); state.sortKeys.append(sortKey)
                    state.sortPrefixes.append(LearnerIndex.prefix(sortKey)); state.archived.append(row[4])
                    state.villages.append(state.number(row[5])); state.households.append(state.number(row[6]))
                    state.stamps.append(0)
                }
                if !bulk { for word in state.words(of: slot) { state.insert(word) } }
            }
            if bulk { state.sortAll() }
            state.generation = generation
        }
        // A bulk load leaves freed row buffers behind; give them back to the system.
        if pending > 500 { Malloc.trim() }
    }

    /// The seqs of the best `count` matches, best first: every query word must begin a word of
    /// the name; the given name equal to a query word ranks first, then one starting with it,
    /// then the rest, each in the Vietnamese order.
    func search(_ tokens: [String], villageId: String?, householdId: String?, archived: Bool, count: Int) -> [Int64] {
        let tokens = tokens.map { Array($0.utf8) }
        return state.withLock { state in
            let ranges = tokens.map { state.range(of: $0) }
            guard let narrowest = ranges.indices.min(by: { ranges[$0].count < ranges[$1].count }) else { return [] }
            let village: Int32? = villageId.map { state.groupNumbers[$0] ?? -1 }
            let household: Int32? = householdId.map { state.groupNumbers[$0] ?? -1 }
            state.stamp &+= 1
            if state.stamp == 0 { state.stamps = Array(repeating: 0, count: state.stamps.count); state.stamp = 1 }
            var best: [(rank: Int, prefix: UInt64, slot: Int)] = []
            best.reserveCapacity(count + 1)
            let folded = state.folded, given = state.given, sortKeys = state.sortKeys
            func before(_ a: (rank: Int, prefix: UInt64, slot: Int), _ b: (rank: Int, prefix: UInt64, slot: Int)) -> Bool {
                if a.rank != b.rank { return a.rank < b.rank }
                if a.prefix != b.prefix { return a.prefix < b.prefix }
                let order = sortKeys.bytes.withUnsafeBufferPointer { keys in
                    compareBytes(UnsafeBufferPointer(rebasing: keys[sortKeys.range(a.slot)]), UnsafeBufferPointer(rebasing: keys[sortKeys.range(b.slot)]))
                }
                return order != 0 ? order < 0 : state.seqs[a.slot] < state.seqs[b.slot]
            }
            for index in ranges[narrowest] {
                let slot = Int(state.sorted[index].slot)
                if state.stamps[slot] == state.stamp { continue }
                state.stamps[slot] = state.stamp
                guard state.archived[slot] == archived,
                      village == nil || state.villages[slot] == village,
                      household == nil || state.households[slot] == household else { continue }
                let name = folded.bytes[folded.range(slot)]
                if tokens.count > 1 && !tokens.allSatisfy({ LearnerIndex.beginsAWord(name, $0) }) { continue }
                let givenName = given.bytes[given.range(slot)]
                let rank = tokens.contains { givenName.elementsEqual($0) } ? 0 : tokens.contains { givenName.starts(with: $0) } ? 1 : 2
                let candidate = (rank: rank, prefix: state.sortPrefixes[slot], slot: slot)
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
    static func beginsAWord(_ folded: ArraySlice<UInt8>, _ token: [UInt8]) -> Bool {
        guard !token.isEmpty else { return true }
        var start = folded.startIndex
        while start + token.count <= folded.endIndex {
            if folded[start..<start + token.count].elementsEqual(token) { return true }
            // Move to the beginning of the next word.
            while start < folded.endIndex && folded[start] != UInt8(ascii: " ") { start += 1 }
            start += 1
        }
        return false
    }

    static func prefix(_ text: String) -> UInt64 {
        var value: UInt64 = 0
        var n = 0
        for byte in text.utf8.prefix(8) { value = value << 8 | UInt64(byte); n += 1 }
        return n == 0 ? 0 : value << (8 * UInt64(8 - n))
    }
}
