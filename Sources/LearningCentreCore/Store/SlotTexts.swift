import Glibc

/// One short text per slot of the search index, all in one byte buffer: a `String` per learner
/// costs 16 bytes even when inline and a heap block when longer than 15 bytes, and the index
/// keeps three per learner. A changed text is appended and the old bytes left unused until they
/// are half the buffer, when it is packed again.
struct SlotTexts {
    private(set) var bytes: [UInt8] = []
    private var starts: [UInt32] = []
    private var counts: [UInt16] = []
    private var unused = 0

    mutating func append(_ text: String) {
        let (start, count) = store(text)
        starts.append(start)
        counts.append(count)
    }

    mutating func set(_ slot: Int, _ text: String) {
        unused += Int(counts[slot])
        (starts[slot], counts[slot]) = store(text)
        if unused > bytes.count / 2 { pack() }
    }

    /// Where the text of `slot` lies in `bytes`.
    func range(_ slot: Int) -> Range<Int> {
        let start = Int(starts[slot])
        return start..<start + Int(counts[slot])
    }

    /// Appends the text's bytes; where they start and how many. Texts are names, far below the
    /// limit; one longer is cut rather than refused.
    private mutating func store(_ text: String) -> (UInt32, UInt16) {
        let start = UInt32(bytes.count)
        let utf8 = text.utf8.prefix(Int(UInt16.max))
        bytes.append(contentsOf: utf8)
        return (start, UInt16(utf8.count))
    }

    private mutating func pack() {
        var packed: [UInt8] = []
        packed.reserveCapacity(bytes.count - unused)
        for slot in starts.indices {
            let range = range(slot)
            starts[slot] = UInt32(packed.count)
            packed.append(contentsOf: bytes[range])
        }
        bytes = packed
        unused = 0
    }
}

/// Byte-wise order of two texts (UTF-8 keeps the order of code points): negative, zero or positive.
func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    let common = min(a.count, b.count)
    if common > 0, let pa = a.baseAddress, let pb = b.baseAddress {
        let order = Int(memcmp(pa, pb, common))
        if order != 0 { return order }
    }
    return a.count - b.count
}
