import Foundation

/// How names are compared and searched: without diacritics or case, "đ" as "d", words split on
/// anything that is not a letter or digit. "Nguyễn Thị Lan" folds to "nguyen thi lan".
public enum NameFolding {
    /// Unicode NFC with runs of whitespace made one space and the ends trimmed.
    ///
    /// A name written only in ASCII and composed Latin and Vietnamese letters (as browsers send
    /// them) is already NFC: no mark follows to compose with, so only its spaces are mended,
    /// code point by code point. Foundation's normalization is for the others.
    public static func normalize(_ name: String) -> String {
        guard name.unicodeScalars.allSatisfy({ $0.isASCII || Folding.keptByNFC($0) }) else {
            return name.precomposedStringWithCanonicalMapping
                .split(whereSeparator: { $0.isWhitespace })
                .joined(separator: " ")
        }
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in name.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" "); pendingSpace = false }
                result.append(scalar)
            }
        }
        return String(result)
    }

    public static func fold(_ text: String) -> String {
        words(text).joined(separator: " ")
    }

    /// The folded words of a text: ascii letters and digits only.
    ///
    /// A text folds code point by code point: its canonical decomposition and its lower case are
    /// each made of those of its code points (the decomposition's reordering only swaps marks,
    /// and a mark folds to nothing or ends the word wherever it stands). So the code points names
    /// are written in (Latin, Vietnamese, the combining marks) are looked up in a table worked out
    /// once from Foundation's decomposition; any other is worked out as it comes. Decomposing the
    /// whole name was most of a registration's name check (`perf`, issue 18).
    public static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        func endWord() {
            if !current.isEmpty { result.append(String(current)); current = String.UnicodeScalarView() }
        }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x61...0x7A, 0x30...0x39: current.append(scalar)
            case 0x41...0x5A: current.append(Unicode.Scalar(UInt8(scalar.value + 0x20)))
            case 0..<0x80: endWord()
            default:
                for piece in Folding.pieces(scalar) {
                    if let letter = piece { current.append(letter) } else { endWord() }
                }
            }
        }
        endWord()
        return result
    }

    /// How one code point folds: its letters, `nil` where it ends a word; empty for a mark.
    enum Folding {
        static let ranges: [Range<UInt32>] = [0x80..<0x250, 0x300..<0x370, 0x1E00..<0x1F00]
        static let table: [[[Unicode.Scalar?]]] = ranges.map { range in range.map { slow(Unicode.Scalar($0)!) } }
        /// The code points of those ranges that NFC leaves as they are and that compose with
        /// nothing before them: letters written composed, and signs.
        static let stable: [[Bool]] = ranges.map { range in
            range.map { value in
                let scalar = Unicode.Scalar(value)!
                return scalar.properties.canonicalCombiningClass == .notReordered
                    && scalar.properties.generalCategory != .nonspacingMark
                    && String(scalar).precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual([scalar])
            }
        }

        /// The code point's range and place in it, when it is in one.
        private static func slot(_ scalar: Unicode.Scalar) -> (range: Int, index: Int)? {
            for (index, range) in ranges.enumerated() where range.contains(scalar.value) {
                return (index, Int(scalar.value - range.lowerBound))
            }
            return nil
        }

        static func keptByNFC(_ scalar: Unicode.Scalar) -> Bool {
            slot(scalar).map { stable[$0.range][$0.index] } ?? false
        }

        static func pieces(_ scalar: Unicode.Scalar) -> [Unicode.Scalar?] {
            slot(scalar).map { table[$0.range][$0.index] } ?? slow(scalar)
        }

        /// The fold of one code point as every text was folded before the table.
        static func slow(_ scalar: Unicode.Scalar) -> [Unicode.Scalar?] {
            String(scalar).decomposedStringWithCanonicalMapping.lowercased().unicodeScalars.compactMap { part -> Unicode.Scalar?? in
                if let mapped = asciiValue(part) { return .some(mapped) }
                return part.properties.generalCategory == .nonspacingMark ? nil : .some(nil)
            }
        }
    }

    private static func asciiValue(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar {
        case "a"..."z", "0"..."9": return scalar
        case "đ": return "d"
        case "ð": return "d"
        case "ø": return "o"
        case "æ": return "a"
        default: return nil
        }
    }
}

/// The keys a learner's name is stored under (folded, given name, sort key), folded once, and
/// before the write lane: folding is a tenth of a registration's time (perf), and the lane is
/// the one part that runs a write at a time.
public struct FoldedName: Sendable {
    public let folded: String
    /// The given name: the last word of a Vietnamese full name.
    public let given: String
    /// Vietnamese order: given name, then middle names, then family name ("Lan Thị Nguyễn"),
    /// compared folded, with the exact name last as a tie-break.
    public let sortKey: String

    public init(_ fullName: String) {
        var words = NameFolding.words(fullName)
        folded = words.joined(separator: " ")
        given = words.last ?? ""
        if let last = words.popLast() {
            let family = words.isEmpty ? [] : [words.removeFirst()]
            sortKey = ([last] + words + family).joined(separator: " ") + "\u{1}" + fullName.lowercased()
        } else {
            sortKey = ""
        }
    }
}
